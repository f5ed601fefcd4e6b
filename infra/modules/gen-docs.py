#!/usr/bin/env python3
"""Write each module's inputs/outputs tables into its README.md.

Usage: gen-docs.py [--check] MODULE_DIR...

The tables go between <!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS --> (the
markers terraform-docs uses, so that tool can take over where installed).
Reads variables.tf and outputs.tf; expects `tofu fmt`-formatted files.
--check writes nothing and exits 1 naming every README that is out of date.
"""
import re
import sys
from pathlib import Path

BEGIN = "<!-- BEGIN_TF_DOCS -->"
END = "<!-- END_TF_DOCS -->"
OPENERS = {"(": ")", "[": "]", "{": "}"}


def skip_string(text, i):
    """text[i] is '"'; return the index just after the closing quote."""
    i += 1
    depth = 0  # ${ ... } interpolations may hold quotes of their own
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if depth == 0 and c == '"':
            return i + 1
        if text.startswith("${", i) or text.startswith("%{", i):
            depth += 1
            i += 2
            continue
        if depth and c == "}":
            depth -= 1
        elif depth and c == '"':
            i = skip_string(text, i)
            continue
        i += 1
    raise ValueError("unterminated string")


def skip_heredoc(text, i):
    """text[i:] starts with '<<' or '<<-'; return the index after the marker line."""
    m = re.compile(r"<<-?([A-Za-z_]+)\n").match(text, i)
    if not m:
        return None
    end = re.compile(r"^[ \t]*" + re.escape(m.group(1)) + r"[ \t]*$", re.M).search(text, m.end())
    if not end:
        raise ValueError("unterminated heredoc " + m.group(1))
    return end.end()


def expression_end(text, i):
    """Index where the expression starting at text[i] ends (a newline at depth 0)."""
    stack = []
    while i < len(text):
        c = text[i]
        if c == '"':
            i = skip_string(text, i)
            continue
        if text.startswith("<<", i):
            after = skip_heredoc(text, i)
            if after is not None:
                i = after
                continue
        if c == "#" or text.startswith("//", i):
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        if c in OPENERS:
            stack.append(OPENERS[c])
        elif stack and c == stack[-1]:
            stack.pop()
        elif c in ")]}" and not stack:
            return i
        elif c == "\n" and not stack:
            return i
        i += 1
    return i


def blocks(text, kind):
    """Yield (name, body) for each top-level `kind "name" { ... }` block."""
    for m in re.finditer(r'^%s\s+"([^"]+)"\s*\{' % kind, text, re.M):
        start = m.end()
        end = expression_end(text, start - 1)  # from the "{" to its "}"
        yield m.group(1), text[start:end]


def attribute(body, name):
    """Source text of a top-level attribute of a block body, or None."""
    i, depth = 0, 0
    while i < len(body):
        c = body[i]
        if c == '"':
            i = skip_string(body, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c == "\n":
            m = re.compile(r"\n[ \t]*%s[ \t]*=[ \t]*" % re.escape(name)).match(body, i)
            if m:
                return body[m.end():expression_end(body, m.end())].strip()
        i += 1
    return None


def hcl_string(src):
    """Value of a quoted HCL string literal (escapes resolved)."""
    if src is None:
        return ""
    if not (src.startswith('"') and src.endswith('"')):
        return src
    out, i, s = [], 0, src[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append(escapes.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def cell(text):
    text = re.sub(r"\s+", " ", text.strip())
    return text.replace("|", "\\|")


def code(text):
    """Inline code; a multi-line expression (an object type) keeps its lines."""
    if "\n" not in text.strip():
        text = cell(text)
        return "`%s`" % text if text else ""
    html = text.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<pre>%s</pre>" % html.replace("|", "&#124;").replace("\n", "<br/>")


def render(module):
    variables = (module / "variables.tf").read_text()
    outputs = (module / "outputs.tf").read_text()
    lines = ["## Inputs", "", "| Name | Description | Type | Default | Required |",
             "|------|-------------|------|---------|:--------:|"]
    rows = []
    for name, body in blocks(variables, "variable"):
        default = attribute(body, "default")
        rows.append((default is not None, name, "| %s | %s | %s | %s | %s |" % (
            "`%s`" % name, cell(hcl_string(attribute(body, "description"))),
            code(attribute(body, "type") or "any"),
            code(default) if default is not None else "n/a",
            "no" if default is not None else "yes")))
    # Required inputs first, then alphabetical, like terraform-docs.
    lines += [row for _, _, row in sorted(rows)]
    lines += ["", "## Outputs", "", "| Name | Description |", "|------|-------------|"]
    for name, body in sorted(blocks(outputs, "output")):
        lines.append("| `%s` | %s |" % (name, cell(hcl_string(attribute(body, "description")))))
    return "\n".join(lines) + "\n"


def main(argv):
    check = "--check" in argv
    dirs = [Path(a) for a in argv if a != "--check"]
    if not dirs:
        print("usage: gen-docs.py [--check] MODULE_DIR...", file=sys.stderr)
        return 2
    stale = []
    for module in dirs:
        readme = module / "README.md"
        if not (module / "variables.tf").is_file() or not readme.is_file():
            print("gen-docs: %s: needs variables.tf, outputs.tf and README.md" % module, file=sys.stderr)
            return 2
        text = readme.read_text()
        if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
            print("gen-docs: %s: needs one %s ... %s pair" % (readme, BEGIN, END), file=sys.stderr)
            return 2
        head, rest = text.split(BEGIN)
        _, tail = rest.split(END)
        new = "%s%s\n%s%s%s" % (head, BEGIN, render(module), END, tail)
        if new != text:
            stale.append(str(readme))
            if not check:
                readme.write_text(new)
    if check and stale:
        print("gen-docs: out of date (run infra/modules/gen-docs.py %s): %s"
              % (" ".join(map(str, dirs)), " ".join(stale)), file=sys.stderr)
        return 1
    for readme in stale:
        print("updated " + readme)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
