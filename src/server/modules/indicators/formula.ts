/**
 * Formulas over other indicators, e.g. "DY_WF / DY_ZS * 1000": numbers, indicator codes,
 * + - * /, parentheses and unary minus. Parsed once into a tree; evaluated without `eval`.
 * Division by zero, or any missing input, yields null — a figure that cannot be computed is
 * shown as missing, never as Infinity or 0.
 */
export type Formula =
  | { kind: 'num'; value: number }
  | { kind: 'ref'; code: string }
  | { kind: 'neg'; arg: Formula }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Formula; right: Formula };

export class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

type Token = { t: 'num'; v: number; at: number } | { t: 'id'; v: string; at: number } | { t: 'op'; v: string; at: number } | { t: 'end'; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^\d*\.?\d+(?:[eE][-+]?\d+)?|^\d+\.?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0], at: i });
      i += m[0].length;
    } else if ('+-*/()'.includes(c)) {
      out.push({ t: 'op', v: c, at: i });
      i++;
    } else {
      throw new FormulaError(`公式第 ${i + 1} 个字符「${c}」无法识别`, i);
    }
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

export function parseFormula(src: string): Formula {
  if (!src.trim()) throw new FormulaError('公式不能为空', 0);
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const tk = peek();
    return tk.t === 'op' && tk.v === v;
  };

  // expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ; factor := num | id | '-' factor | '(' expr ')'
  function expr(): Formula {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { v: '+' | '-' }).v;
      left = { kind: 'bin', op, left, right: term() };
    }
    return left;
  }
  function term(): Formula {
    let left = factor();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { v: '*' | '/' }).v;
      left = { kind: 'bin', op, left, right: factor() };
    }
    return left;
  }
  function factor(): Formula {
    const tk = peek();
    if (tk.t === 'num') {
      pos++;
      return { kind: 'num', value: tk.v };
    }
    if (tk.t === 'id') {
      pos++;
      return { kind: 'ref', code: tk.v };
    }
    if (isOp('-')) {
      pos++;
      return { kind: 'neg', arg: factor() };
    }
    if (isOp('(')) {
      pos++;
      const inner = expr();
      if (!isOp(')')) throw new FormulaError(`公式第 ${peek().at + 1} 个字符处缺少右括号`, peek().at);
      pos++;
      return inner;
    }
    throw new FormulaError(tk.t === 'end' ? '公式不完整' : `公式第 ${tk.at + 1} 个字符处应为数字、指标编码或左括号`, tk.at);
  }

  const tree = expr();
  if (peek().t !== 'end') throw new FormulaError(`公式第 ${peek().at + 1} 个字符处有多余内容`, peek().at);
  return tree;
}

/** Indicator codes a formula reads, each once, in order of first use. */
export function formulaRefs(f: Formula): string[] {
  const out: string[] = [];
  const walk = (n: Formula) => {
    if (n.kind === 'ref' && !out.includes(n.code)) out.push(n.code);
    if (n.kind === 'neg') walk(n.arg);
    if (n.kind === 'bin') {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(f);
  return out;
}

export function evaluateFormula(f: Formula, values: (code: string) => number | null | undefined): number | null {
  switch (f.kind) {
    case 'num':
      return f.value;
    case 'ref':
      return values(f.code) ?? null;
    case 'neg': {
      const v = evaluateFormula(f.arg, values);
      return v == null ? null : -v;
    }
    case 'bin': {
      const a = evaluateFormula(f.left, values);
      const b = evaluateFormula(f.right, values);
      if (a == null || b == null) return null;
      if (f.op === '/') return b === 0 ? null : a / b;
      return f.op === '+' ? a + b : f.op === '-' ? a - b : a * b;
    }
  }
}
