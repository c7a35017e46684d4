/**
 * Evaluates the Terraform template strings cdktf writes (`"table/${aws_x.y.name}"`)
 * against values the gate already knows, so a state built from a plan has
 * the values Terraform would have computed at apply. Only the expression
 * forms this project synthesizes are understood: references
 * (`aws_x.y.attr`, `data.x.y.attr`, `local.name`, with `.attr` and `[n]`),
 * `element(list, n)`, `split(separator, text)`, and
 * `[for r in list : r.attr if r.key == "v"][0]`.
 * Anything else is an error naming the expression, never a guess.
 */

export interface Scope {
  /** The value of `aws_x.name`, `data.aws_x.name` or `local.name`. */
  resolve(reference: string): unknown;
}

type Token = { kind: "ident" | "number" | "string" | "punct"; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))!;
      tokens.push({ kind: "ident", text: m[0] });
      i += m[0].length;
    } else if (/\d/.test(c)) {
      const m = /^\d+/.exec(source.slice(i))!;
      tokens.push({ kind: "number", text: m[0] });
      i += m[0].length;
    } else if (c === '"') {
      let text = "";
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === "\\") i++;
        text += source[i++];
      }
      i++;
      tokens.push({ kind: "string", text });
    } else if (source.startsWith("==", i)) {
      tokens.push({ kind: "punct", text: "==" });
      i += 2;
    } else if ("[](),.:".includes(c)) {
      tokens.push({ kind: "punct", text: c });
      i++;
    } else {
      throw new Error(`cannot evaluate '${source}': unexpected '${c}'`);
    }
  }
  return tokens;
}

/** How many name segments follow a traversal's first word before the referenced object is reached. */
function rootSegments(first: string): number {
  if (first === "local") return 1;
  if (first === "data") return 2;
  if (first.startsWith("aws_") || first === "terraform_data") return 1;
  return 0;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly scope: Scope,
    private readonly variables: ReadonlyMap<string, unknown>,
  ) {}

  parse(): unknown {
    const value = this.expression();
    if (this.pos !== this.tokens.length) this.fail(`unexpected '${this.tokens[this.pos].text}'`);
    return value;
  }

  private fail(why: string): never {
    throw new Error(`cannot evaluate '${this.source}': ${why}`);
  }

  private peek(text?: string): Token | undefined {
    const token = this.tokens[this.pos];
    return text === undefined || token?.text === text ? token : undefined;
  }

  private take(text?: string): Token {
    const token = this.tokens[this.pos];
    if (!token || (text !== undefined && token.text !== text)) this.fail(`expected '${text ?? "more"}'`);
    this.pos++;
    return token;
  }

  private expression(): unknown {
    const left = this.postfix();
    if (!this.peek("==")) return left;
    this.take("==");
    return left === this.postfix();
  }

  private postfix(): unknown {
    let value = this.primary();
    for (;;) {
      if (this.peek(".")) {
        this.take(".");
        value = this.member(value, this.take().text);
      } else if (this.peek("[") && this.tokens[this.pos + 1]?.text !== "for") {
        this.take("[");
        const index = this.expression();
        this.take("]");
        value = this.member(value, index);
      } else {
        return value;
      }
    }
  }

  private member(value: unknown, key: unknown): unknown {
    if (Array.isArray(value) && typeof key === "number") {
      if (key >= value.length) this.fail(`index ${key} is past the end of a list of ${value.length}`);
      return value[key];
    }
    if (Array.isArray(value) && typeof key === "string" && /^\d+$/.test(key)) return this.member(value, Number(key));
    if (value !== null && typeof value === "object" && typeof key === "string" && key in value) {
      return (value as Record<string, unknown>)[key];
    }
    return this.fail(`no '${String(key)}' in ${JSON.stringify(value)?.slice(0, 80)}`);
  }

  private primary(): unknown {
    const token = this.take();
    if (token.kind === "number") return Number(token.text);
    if (token.kind === "string") return token.text;
    if (token.text === "(") {
      const value = this.expression();
      this.take(")");
      return value;
    }
    if (token.text === "[") return this.forExpression();
    if (token.kind !== "ident") return this.fail(`unexpected '${token.text}'`);
    if (this.peek("(")) return this.call(token.text);
    if (this.variables.has(token.text)) return this.variables.get(token.text);
    const segments = rootSegments(token.text);
    if (segments === 0) return this.fail(`unknown name '${token.text}'`);
    const path = [token.text];
    for (let i = 0; i < segments; i++) {
      this.take(".");
      path.push(this.take().text);
    }
    return this.scope.resolve(path.join("."));
  }

  private call(name: string): unknown {
    this.take("(");
    const args: unknown[] = [];
    while (!this.peek(")")) {
      args.push(this.expression());
      if (!this.peek(")")) this.take(",");
    }
    this.take(")");
    if (name === "split" && typeof args[0] === "string" && typeof args[1] === "string") return args[1].split(args[0]);
    if (name === "element" && Array.isArray(args[0]) && typeof args[1] === "number") {
      const list = args[0];
      if (list.length === 0) this.fail("element() of an empty list");
      return list[args[1] % list.length];
    }
    return this.fail(`function ${name}() is not supported here`);
  }

  /** `[for x in list : value if condition]`, the opening bracket already taken. */
  private forExpression(): unknown {
    this.take("for");
    const variable = this.take().text;
    this.take("in");
    const list = this.expression();
    if (!Array.isArray(list)) this.fail("a for expression needs a list");
    this.take(":");
    const start = this.pos;
    const out: unknown[] = [];
    let end = start;
    for (const item of list) {
      const inner = new Parser(this.source, this.tokens, this.scope, new Map([...this.variables, [variable, item]]));
      inner.pos = start;
      const value = inner.expression();
      let keep = true;
      if (inner.peek("if")) {
        inner.take("if");
        keep = inner.expression() === true;
      }
      inner.take("]");
      end = inner.pos;
      if (keep) out.push(value);
    }
    if (list.length === 0) this.fail("a for expression over an empty list");
    this.pos = end;
    return out;
  }
}

/** Evaluates one expression (the text between `${` and `}`). */
export function evaluateExpression(source: string, scope: Scope): unknown {
  return new Parser(source, tokenize(source), scope, new Map()).parse();
}

/** Splits a template into literal text and the expressions inside `${...}`. */
function templateParts(template: string): Array<{ literal: string } | { expression: string }> {
  const parts: Array<{ literal: string } | { expression: string }> = [];
  let literal = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("$${", i)) {
      literal += "${";
      i += 3;
    } else if (template.startsWith("${", i)) {
      if (literal) parts.push({ literal });
      literal = "";
      let depth = 1;
      let j = i + 2;
      let quoted = false;
      for (; j < template.length && depth > 0; j++) {
        const c = template[j];
        if (quoted) {
          if (c === "\\") j++;
          else if (c === '"') quoted = false;
        } else if (c === '"') quoted = true;
        else if (c === "{") depth++;
        else if (c === "}") depth--;
      }
      if (depth !== 0) throw new Error(`cannot evaluate '${template}': unclosed \${`);
      parts.push({ expression: template.slice(i + 2, j - 1) });
      i = j;
    } else if (template.startsWith("%{", i)) {
      throw new Error(`cannot evaluate '${template}': template directives are not supported here`);
    } else {
      literal += template[i++];
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/**
 * The value of a configuration value: templates evaluated, lists and objects
 * element by element. A template that is one whole `${...}` keeps its
 * value's type (a list stays a list), as Terraform does.
 */
export function evaluate(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, scope));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, scope)]));
  }
  if (typeof value !== "string" || (!value.includes("${") && !value.includes("%{"))) return value;
  const parts = templateParts(value);
  if (parts.length === 1 && "expression" in parts[0]) return evaluateExpression(parts[0].expression, scope);
  return parts.map((p) => ("literal" in p ? p.literal : String(evaluateExpression(p.expression, scope)))).join("");
}
