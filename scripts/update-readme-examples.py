#!/usr/bin/env python3
"""Re-runs every curl example of README.md and of the Markdown files under docs/ against a running kpi-server
and rewrites the ```json block that follows each one with the real (pretty-printed) output; an empty block is
filled in. The Swift test ReadmeExamplesTests checks that the files still match.
Usage: scripts/update-readme-examples.py [http://127.0.0.1:8080] [FILE.md ...]   (from the repository root;
default: README.md and every docs/**/*.md)"""
import glob, json, re, subprocess, sys

arguments = sys.argv[1:]
base = arguments.pop(0) if arguments and re.match(r"https?://", arguments[0]) else "http://127.0.0.1:8080"
files = arguments or ["README.md"] + sorted(glob.glob("docs/**/*.md", recursive=True))
pattern = re.compile(r"(```sh\n)(curl [^\n]*(?:\\\n[^\n]*)*)\n```\n```json\n.*?```", re.S)

def run(match):
    command = match.group(2)
    # Run by bash, as a reader would paste it (`$'…'` quoting included), against `base`.
    line = command.replace("\\\n", " ").replace("localhost:8080", base, 1)
    output = subprocess.run(["bash", "-c", line], capture_output=True, text=True, check=True).stdout
    pretty = json.dumps(json.loads(output), indent=2, ensure_ascii=False)
    return f"{match.group(1)}{command}\n```\n```json\n{pretty}\n```"

total = 0
for path in files:
    text = open(path, encoding="utf-8").read()
    new, count = pattern.subn(run, text)
    if new != text:
        open(path, "w", encoding="utf-8").write(new)
    total += count
    if count:
        print(f"{path}: {count} examples")
print(f"updated {total} examples in {len(files)} files")
