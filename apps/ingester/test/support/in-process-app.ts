import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { SessionDto } from '@langxanh/contracts';
import { AppModule } from '../../src/app/app.module';

/**
 * Starts the whole ingester in-process (`AppModule.forRoot()`, configured from `process.env`: see
 * {@link inProcessEnv}) on a free loopback port, with shutdown hooks; close it with `app.close()`.
 */
export async function startInProcessApp(): Promise<{ app: INestApplication; baseUrl: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** Signs in over `POST /api/auth/login`. @returns the session token. @throws Error when the login is refused. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${username} refused: ${response.status}`);
  return ((await response.json()) as SessionDto).token;
}
