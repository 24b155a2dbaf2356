import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { type FlagSpec, formatHelp, parseArgs } from '../../src/cli/args.js';

const flags: FlagSpec[] = [
  { name: 'cells', type: 'int', min: 1, description: 'number of cells', default: 14 },
  { name: 'lr', type: 'number', description: 'learning rate' },
  { name: 'mode', type: 'string', choices: ['gold', 'darts'], description: 'mode', default: 'gold' },
  { name: 'ops', type: 'list', choices: ['skip_connect', 'sep_conv_3x3'], description: 'operators' },
  { name: 'json', type: 'boolean', description: 'print JSON' },
  { name: 'genotype', type: 'string', description: 'genotype' },
];

describe('parseArgs', () => {
  const ok: { name: string; argv: string[]; expected: Record<string, unknown> }[] = [
    { name: 'defaults', argv: [], expected: { cells: 14, mode: 'gold' } },
    { name: '--flag value', argv: ['--cells', '20'], expected: { cells: 20, mode: 'gold' } },
    { name: '--flag=value', argv: ['--cells=20', '--mode=darts'], expected: { cells: 20, mode: 'darts' } },
    { name: 'a bare boolean', argv: ['--json'], expected: { cells: 14, mode: 'gold', json: true } },
    { name: '--no-boolean', argv: ['--no-json'], expected: { cells: 14, mode: 'gold', json: false } },
    { name: '--boolean=false', argv: ['--json=false'], expected: { cells: 14, mode: 'gold', json: false } },
    { name: 'a list', argv: ['--ops', 'skip_connect, sep_conv_3x3'], expected: { cells: 14, mode: 'gold', ops: ['skip_connect', 'sep_conv_3x3'] } },
    { name: 'a negative number', argv: ['--lr', '-0.5'], expected: { cells: 14, mode: 'gold', lr: -0.5 } },
    { name: 'a value with an equals sign', argv: ['--genotype=a=b.json'], expected: { cells: 14, mode: 'gold', genotype: 'a=b.json' } },
  ];
  it.each(ok)('parses $name', ({ argv, expected }) => {
    const parsed = parseArgs(argv, flags);
    expect(parsed).toEqual(E.right({ flags: expected, positionals: [], help: false }));
  });

  const bad: { name: string; argv: string[]; path: string; message: RegExp }[] = [
    { name: 'an unknown flag', argv: ['--cell', '3'], path: '--cell', message: /unknown flag/ },
    { name: 'a missing value', argv: ['--cells'], path: '--cells', message: /expects a value/ },
    { name: 'a flag where a value should be', argv: ['--cells', '--json'], path: '--cells', message: /expects a value/ },
    { name: 'a non-integer', argv: ['--cells', '2.5'], path: '--cells', message: /integer/ },
    { name: 'a value below the minimum', argv: ['--cells', '0'], path: '--cells', message: /at least 1/ },
    { name: 'a value outside the choices', argv: ['--mode', 'enas'], path: '--mode', message: /gold, darts/ },
    { name: 'a list item outside the choices', argv: ['--ops', 'skip_connect,conv_9x9'], path: '--ops', message: /conv_9x9/ },
    { name: 'a repeated flag', argv: ['--cells', '3', '--cells', '4'], path: '--cells', message: /more than once/ },
    { name: 'a stray positional', argv: ['extra'], path: 'extra', message: /unexpected argument/ },
    { name: 'a short option', argv: ['-x'], path: '-x', message: /unknown option/ },
    { name: 'a malformed boolean', argv: ['--json=yes'], path: '--json', message: /true or false/ },
  ];
  it.each(bad)('rejects $name', ({ argv, path, message }) => {
    const parsed = parseArgs(argv, flags);
    expect(E.isLeft(parsed)).toBe(true);
    if (E.isRight(parsed)) return;
    expect(parsed.left._tag).toBe('ConfigError');
    expect(parsed.left.path).toBe(path);
    expect(parsed.left.message).toMatch(message);
  });

  it('reports --help without checking required flags', () => {
    const parsed = parseArgs(['--help'], [{ name: 'genotype', type: 'string', required: true, description: 'g' }]);
    expect(E.isRight(parsed) && parsed.right.help).toBe(true);
    const missing = parseArgs([], [{ name: 'genotype', type: 'string', required: true, description: 'g' }]);
    expect(E.isLeft(missing) && missing.left.path).toBe('--genotype');
  });

  it('takes positionals, and everything after -- as positionals', () => {
    const parsed = parseArgs(['run1', '--json', '--', '--not-a-flag'], flags, [{ name: 'dir', description: 'a run' }, { name: 'x', description: 'x' }]);
    expect(E.isRight(parsed) && parsed.right.positionals).toEqual(['run1', '--not-a-flag']);
  });
});

describe('formatHelp', () => {
  it('lists every flag with its default and marks required ones', () => {
    const help = formatHelp('gold-nas demo', 'a demo', [...flags, { name: 'out', type: 'string', value: '<dir>', required: true, description: 'where' }]);
    expect(help).toContain('Usage: gold-nas demo --out <dir> [options]');
    expect(help).toMatch(/--cells <value>\s+number of cells \(default: 14\)/);
    expect(help).toMatch(/--mode gold\|darts/);
    expect(help).toMatch(/--out <dir>\s+where \(required\)/);
    expect(help).toContain('-h, --help');
  });
});
