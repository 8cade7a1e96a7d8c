/** An empty config: what `doctor` loads in place of a config file that does not load, so the other checks still run on defaults and the environment. */
export default {};
