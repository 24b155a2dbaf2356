import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness.js';

describe('gold-nas dispatch', () => {
  it('prints the command list with --help and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/inspect space\s+count the architectures/);
  });

  it('prints the command list to stderr and exits 2 with no command', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: gold-nas <command>');
  });

  it('prints the version', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with a hint to --help', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gold-nas: frobnicate: unknown command; commands of 'gold-nas': .*\binspect\b/);
    expect(r.stderr).toContain("Run 'gold-nas --help' for usage.");
  });

  it('prints a group help for a group without a subcommand', async () => {
    const r = await cli('inspect', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: gold-nas inspect <command>');
  });

  it('prints a subcommand help', async () => {
    const r = await cli('inspect', 'space', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: gold-nas inspect space [options]');
    expect(r.stdout).toContain('--json');
  });

  it('rejects an unknown flag with exit code 2 and a hint to the subcommand help', async () => {
    const r = await cli('inspect', 'space', '--cell', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("gold-nas: --cell: unknown flag\nRun 'gold-nas inspect space --help' for usage.\n");
  });
});
