/**
 * CORS allow-list from `CORS_ORIGINS` (comma-separated). Empty: cross-origin requests are refused; the dashboard
 * reaches the API through its own origin's proxy. Read from the environment directly because decorators
 * (the socket.io gateway's options) are evaluated before Nest's ConfigService exists; the value is validated
 * with the rest of the configuration at start-up.
 */
export function corsOrigins(): string[] | false {
  const list = (process.env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : false;
}
