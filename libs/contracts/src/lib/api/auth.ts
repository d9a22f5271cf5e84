/** Roles (issue: access control): `admin` manages users; `department` reads and acts on every cluster; `manager` on its clusters. */
export type Role = 'admin' | 'department' | 'manager';

/** A signed-in person as the API describes them. */
export interface UserDto {
  readonly username: string;
  readonly role: Role;
  /** Cluster ids a `manager` is scoped to; empty for `admin` and `department` (all clusters). */
  readonly clusters: readonly string[];
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
