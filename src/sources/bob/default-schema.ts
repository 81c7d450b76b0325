/**
 * The default BOB schema (DESIGN §5) lives with the other configuration defaults; re-exported here
 * for the BOB adapters, the demo and the benchmarks.
 */
export { defaultBobSchema } from '../../config/defaults.js';
