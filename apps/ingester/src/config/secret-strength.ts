import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * Strength checks of the secrets a production ingester is configured with, by zxcvbn-ts (Dropbox's zxcvbn model:
 * the number of guesses an attacker who knows common passwords, keyboard walks, repeats and sequences needs; the
 * common dictionaries hold the most frequent leaked passwords). The dictionaries are loaded on first use only.
 */
let estimator: ZxcvbnFactory | undefined;

function estimate(value: string): ZxcvbnResult {
  estimator ??= new ZxcvbnFactory({ dictionary: dictionary, graphs: adjacencyGraphs });
  return estimator.check(value);
}

/**
 * Least zxcvbn estimate (log10 of guesses) of the session-signing key. A random 32-character string, hex or
 * base64, is ≥ 10^28 in zxcvbn's model (which counts only 10 guesses per random character); `a`×32, a word repeated
 * or a keyboard walk is below 10^10.
 */
export const SECRET_MIN_GUESSES_LOG10 = 24;

/** Least zxcvbn score (0–4) of a production password: 3 = ≥ 10^8 guesses, "safely unguessable" (zxcvbn). */
export const PASSWORD_MIN_SCORE = 3;

/** Why `secret` is too weak to sign sessions, or undefined when it is strong enough. */
export function weakSecretReason(secret: string): string | undefined {
  const { guessesLog10 } = estimate(secret);
  return guessesLog10 < SECRET_MIN_GUESSES_LOG10
    ? `too guessable (about 10^${guessesLog10.toFixed(0)} guesses, need 10^${SECRET_MIN_GUESSES_LOG10}): ` +
        'use a random value, e.g. `openssl rand -base64 32`'
    : undefined;
}

/** Why `password` is too weak (a common or patterned password), or undefined when it is strong enough. */
export function weakPasswordReason(password: string): string | undefined {
  const { score, feedback } = estimate(password);
  if (score >= PASSWORD_MIN_SCORE) return undefined;
  const hint = feedback.warning ? ` (${feedback.warning})` : '';
  return `too common or guessable${hint}: zxcvbn score ${score} of 4, need ${PASSWORD_MIN_SCORE}`;
}
