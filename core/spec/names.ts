/** The names the spec format fixes: control flags, application calls and notifications. */

/** The flags an arriving segment is matched on (PSH is ignored). */
export const CONTROL_FLAG_NAMES = ['SYN', 'ACK', 'FIN', 'RST'] as const;
/** The flags a sent segment may carry. */
export const SEND_FLAG_NAMES = ['SYN', 'ACK', 'FIN', 'RST', 'PSH'] as const;
export const CALL_NAMES = ['listen', 'connect', 'send', 'close', 'abort'] as const;
export const NOTIFY_NAMES = ['eof', 'reset', 'refused', 'closing', 'no_connection', 'exists'] as const;

/** The name a variable or parameter has as a field in code and records (RCV.NXT: RCV_NXT). */
export const fieldName = (name: string): string => name.replace(/\./g, '_');
