export { renderDashboard, renderDashboardData } from './render.ts';
export { queryDashboard } from './queries.ts';
export { resolveWindow, DEFAULT_WINDOW_MS, HOURLY_UP_TO_MS } from './window.ts';
export { whatIf, cachingSavings, rateCard, priceMix, type RateCard, type WhatIf, type WhatIfRow, type Savings, type SavingsRow, type PricingOptions } from './what-if.ts';
export { cacheHitRatio } from './render-cost.ts';
export type * from './types.ts';
