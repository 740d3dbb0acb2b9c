#!/usr/bin/env node
// The `lizhou` CLI. TypeScript runs through tsx's loader so a clean clone needs no compile step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
