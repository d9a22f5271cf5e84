// Flat ESLint config. Nx module boundaries keep the house in order:
// shared libs import no framework, the dashboard imports no NestJS, nothing imports an app.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

/**
 * Who may import whom. Tests (`*.spec.ts`, `*.int-spec.ts`) may also use the tooling libraries that start real
 * services (`scope:tooling`), which production code of the ingester or shared libs may not.
 */
const depConstraints = (testFiles) => {
  const tooling = testFiles ? ['scope:tooling'] : [];
  return [
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
    {
      sourceTag: 'type:feature',
      onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'],
    },
    { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
    { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
    {
      sourceTag: 'scope:shared',
      onlyDependOnLibsWithTags: ['scope:shared', ...tooling],
      bannedExternalImports: testFiles
        ? []
        : ['@nestjs/*', 'react', 'react-dom', 'mqtt', '@influxdata/*', 'socket.io*', 'recharts'],
    },
    { sourceTag: 'scope:ingester', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingester', ...tooling] },
    { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling'] },
    {
      sourceTag: 'scope:dashboard',
      onlyDependOnLibsWithTags: ['scope:shared', 'scope:dashboard'],
      bannedExternalImports: ['@nestjs/*', 'mqtt', '@influxdata/*'],
    },
    { sourceTag: 'scope:simulators', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling'] },
    { sourceTag: 'scope:import', onlyDependOnLibsWithTags: ['scope:shared', ...tooling] },
    { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:shared', ...tooling] },
    { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling', 'scope:ingester'] },
    { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling', 'scope:ingester'] },
  ];
};

export default [
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      '**/tmp',
      '**/coverage',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: depConstraints(false),
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['apps/dashboard/**/*.tsx', 'apps/dashboard/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.fault-spec.ts',
      '**/faults/harness.ts',
      '**/*.spec.tsx',
      '**/test/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: depConstraints(true) },
      ],
    },
  },
  prettier,
];
