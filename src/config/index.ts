export { ConfigSchema, DEFAULTS, defineConfig, type CanaryConfigInput, type ResolvedConfig } from './schema.ts';
export { CONFIG_FILE, configFromEnv, loadConfig, type LoadConfigOptions } from './load-config.ts';
export { resolveTarget, stripUserinfo, type Target, type TargetCredentials } from './target.ts';
