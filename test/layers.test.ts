import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The floors of ../shared/architecture.md, checked on every run: imports point down, never up into
// src/http, and feature folders never import each other both ways.
const src = resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function folderOf(path: string): string {
  return relative(src, path).split('/')[0] ?? '';
}

const edges = files(src).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((match) => ({
    file: relative(src, file),
    from: folderOf(file),
    to: folderOf(resolve(dirname(file), match[1] ?? '')),
  })),
);

const entryPoints = new Set(['main.ts', 'cli', 'http']);

describe('the import drawing of src/', () => {
  it('has no arrow from a use case into src/http', () => {
    const upward = edges.filter((edge) => edge.to === 'http' && !entryPoints.has(edge.from));
    expect(upward.map((edge) => edge.file)).toEqual([]);
  });

  it('has no cycle between two folders', () => {
    const pairs = new Set(edges.filter((edge) => edge.from !== edge.to).map((e) => `${e.from}>${e.to}`));
    const cycles = [...pairs].filter((pair) => {
      const [from, to] = pair.split('>');
      return pairs.has(`${to}>${from}`);
    });
    expect(cycles).toEqual([]);
  });

  it('keeps pure rules pure: src/domain imports nothing but src/domain', () => {
    const impure = edges.filter((edge) => edge.from === 'domain' && edge.to !== 'domain');
    expect(impure.map((edge) => edge.file)).toEqual([]);
  });
});
