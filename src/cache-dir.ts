/**
 * Where tcpconform keeps what it can always make again (the compiled TUN addon, plans):
 * node_modules/.cache/tcpconform of the project it is installed in, or of its own checkout,
 * as other tools do; never in a user's source tree. A cache that cannot be written or read
 * only means doing the work again.
 */
import { basename, dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';

export const CACHE_DIR =
  basename(dirname(PACKAGE_ROOT)) === 'node_modules'
    ? join(dirname(PACKAGE_ROOT), '.cache', 'tcpconform')
    : join(PACKAGE_ROOT, 'node_modules', '.cache', 'tcpconform');
