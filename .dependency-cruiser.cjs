/**
 * dependency-cruiser's view of src/ for `npm run check:imports` (scripts/check-imports.mjs):
 * TypeScript sources resolved as tsc resolves them, type-only imports included (a cycle through
 * types is still a cycle in the design, and types decide what a .d.ts mentions), packages recorded
 * but not followed. The file-cycle rule is dependency-cruiser's own; the folder-cycle and
 * entry-point checks are computed by the script from the same JSON output.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycle',
      severity: 'error',
      comment: 'No import cycle between files (ARCHITECTURE.md: data flows one way).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'node', 'default'] },
  },
};
