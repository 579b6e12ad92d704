/** The process's logger lives in lib/ (the stores and sessions log too); the server's modules import it from here. */
export { log } from '../lib/log';
