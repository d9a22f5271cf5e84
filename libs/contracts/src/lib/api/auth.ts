/** Roles (issue: access control): `admin` manages users; `department` reads and acts on every cluster; `manager` on its clusters. */
export type Role = 'admin' | 'department' | 'manager';

/** A signed-in person as the API describes them. */
export interface UserDto {
  readonly username: string;
  readonly role: Role;
  /** Cluster ids a `manager` is scoped to; empty for `admin` and `department` (all clusters). */
  readonly clusters: readonly string[];
}

/** An account as `GET /api/users` lists it for administrators: a disabled account cannot sign in. */
export interface AdminUserDto extends UserDto {
  readonly disabled: boolean;
}

/** Body of `POST /api/auth/login`. */
export interface LoginRequestDto {
  readonly username: string;
  readonly password: string;
}

/**
 * Answer of `POST /api/auth/login`: send `Authorization: Bearer {token}` on REST calls and
 * `auth: { token }` in the socket.io handshake.
 */
export interface SessionDto {
  readonly token: string;
  /** ISO 8601 UTC. */
  readonly expiresAt: string;
  readonly user: UserDto;
}

/** What an API token may do: `read` the API as its role, or scrape `GET /api/metrics`. */
export type TokenScope = 'read' | 'metrics';

/** An API token as `GET /api/tokens` lists it (never its secret). */
export interface ApiTokenDto {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly clusters: readonly string[];
  readonly scopes: readonly TokenScope[];
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  readonly createdBy: string;
}

/** Answer of `POST /api/tokens`: the secret `token` (`lxt_…`) is shown this once; only its hash is stored. */
export interface CreatedApiTokenDto {
  readonly token: string;
  readonly info: ApiTokenDto;
}

/** One field of an {@link AuditEntry}'s `changes`. */
export interface AuditChange {
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One audit-log line (`GET /api/audit`, `AUTH_DATA_DIR/audit.jsonl`): who did what, when, from where, and how it ended. */
export interface AuditEntry {
  /** ISO 8601 UTC. */
  readonly at: string;
  /** Username, `token:<name>`, or `anonymous`. */
  readonly actor: string;
  readonly role?: string;
  /** e.g. `auth.login`, `user.create`, `alert.acknowledge`. */
  readonly action: string;
  /**
   * What it was done to: the route parameters (alert id, username, token id…) and, for a creation, what was
   * created (`user.create`: username; `token.create`: token id and name; `silence.create`: silence id and station
   * or cluster). Never a password, a token or a body.
   */
  readonly target?: Readonly<Record<string, string>>;
  /**
   * For a change of access (`user.create`, `user.update`, `token.create`): each changed field with its value before
   * and after (`role`, `clusters`, `disabled`, `scopes`; a password change as `password: {after: "changed"}`,
   * never the password). Absent before/after = did not exist.
   */
  readonly changes?: Readonly<Record<string, AuditChange>>;
  readonly outcome: 'ok' | 'denied' | 'failed';
  /** HTTP status answered. */
  readonly status?: number;
  /** Client IP (behind a proxy: see TRUST_PROXY). */
  readonly ip?: string;
}
