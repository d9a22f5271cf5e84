import { existsSync } from 'node:fs';
import { claimDataFolder, LANGXANH_VERSION, type FolderClaim } from '@langxanh/data-format';
import type { Env } from '../config/env';

/**
 * The folders this ingester writes (AUTH_DATA_DIR; SPOOL_DIR; REGISTRY_DATA_DIR when set; FORWARD_DIR when
 * forwarding is configured or the folder exists), each with the variable that names it.
 */
export function dataFolders(env: Env): { readonly variable: string; readonly dir: string }[] {
  const folders = [
    { variable: 'AUTH_DATA_DIR', dir: env.AUTH_DATA_DIR },
    { variable: 'SPOOL_DIR', dir: env.SPOOL_DIR },
  ];
  // Unset, the registry's versions are in AUTH_DATA_DIR/registry (docs/registry.md), under that folder's stamp.
  if (env.REGISTRY_DATA_DIR !== undefined) folders.push({ variable: 'REGISTRY_DATA_DIR', dir: env.REGISTRY_DATA_DIR });
  if (env.FORWARD_STATIONS.length > 0 || existsSync(env.FORWARD_DIR)) {
    folders.push({ variable: 'FORWARD_DIR', dir: env.FORWARD_DIR });
  }
  return folders;
}

/**
 * Checks and stamps every data folder before anything opens it (main.ts, before the application starts), so an
 * older ingester started on data a newer one wrote stops instead of misreading it (docs/backup.md § Upgrades).
 * @returns what was found in each folder.
 * @throws NewerDataFormatError (the process exits 78), or Error for an unreadable stamp.
 */
export async function claimDataFolders(env: Env): Promise<Record<string, FolderClaim>> {
  const claims: Record<string, FolderClaim> = {};
  for (const { variable, dir } of dataFolders(env)) {
    claims[variable] = await claimDataFolder(dir, LANGXANH_VERSION, { label: `${variable} (${dir})` });
  }
  return claims;
}
