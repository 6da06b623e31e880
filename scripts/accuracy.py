#!/usr/bin/env python3
"""Scores a tieout run against the truth of a realistic month (`tieout generate --realistic`).

    scripts/accuracy.py MONTH/truth.json RUN.json [--label TEXT]

Prints one row of a Markdown table (with --header, the header first):
- bank-GL pairs: precision and recall of (bank line, GL line) pairs placed in one group;
- deposits: share of the truth's deposits whose group holds the bank line with exactly its
  billing receipts;
- planted: planted discrepancies reported as an exception of their kind holding their lines
  (or naming them: a returned item names the deposit it sends back);
- false exceptions: bank and GL lines that truly pair but sit in an exception, per cent of
  those lines.
"""
import argparse
import json
import sys


def key(member):
    return f"{member['file']}:{member['line']}"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("truth")
    parser.add_argument("run")
    parser.add_argument("--label", default="")
    parser.add_argument("--header", action="store_true")
    args = parser.parse_args(argv[1:])
    label = args.label
    truth = json.load(open(args.truth))
    run = json.load(open(args.run))

    true_pairs = set()
    paired_lines = set()
    for p in truth["pairs"]:
        for b in p["bank"]:
            for g in p["gl"]:
                true_pairs.add((b, g))
        paired_lines.update(p["bank"] + p["gl"])

    group_of = {}
    found_pairs = set()
    for g in run["groups"]:
        rows = [key(m) for m in g["members"]]
        for r in rows:
            group_of[r] = g["id"]
        banks = [r for r in rows if r.startswith("bank.csv:")]
        gls = [r for r in rows if r.startswith("gl.csv:")]
        found_pairs.update((b, x) for b in banks for x in gls)
    members = {}
    for g in run["groups"]:
        members[g["id"]] = {key(m) for m in g["members"]}

    right = len(found_pairs & true_pairs)
    precision = right / len(found_pairs) if found_pairs else 0.0
    recall = right / len(true_pairs) if true_pairs else 1.0

    deposits_right = 0
    for d in truth["deposits"]:
        g = group_of.get(d["bank"])
        if g is None:
            continue
        receipts = {r for r in members[g] if r.startswith("billing-receipts.csv:")}
        if receipts == set(d["receipts"]):
            deposits_right += 1
    deposits = deposits_right / len(truth["deposits"]) if truth["deposits"] else 1.0

    # An exception's lines, and the line it names (a returned item's deposit, a duplicate's twin).
    exceptions = [(x["kind"], {key(m) for m in x["members"] + x.get("related", [])}) for x in run["exceptions"]]
    exceptions_of = {}
    for n, (_, held) in enumerate(exceptions):
        for r in held:
            exceptions_of.setdefault(r, []).append(n)
    planted_found = 0
    missed = {}
    for p in truth["planted"]:
        rows = set(p["rows"])
        held_by = exceptions_of.get(p["rows"][0], []) if p["rows"] else []
        if any(exceptions[n][0] == p["kind"] and rows <= exceptions[n][1] for n in held_by):
            planted_found += 1
        else:
            missed[p["kind"]] = missed.get(p["kind"], 0) + 1
    in_exceptions = {key(m) for x in run["exceptions"] for m in x["members"]}
    false_lines = len(paired_lines & in_exceptions)

    if args.header:
        print("| month | bank-GL precision | bank-GL recall | deposits with their receipts | planted found with their kind | truly paired lines in exceptions |")
        print("|---|---|---|---|---|---|")
    missed_text = ", ".join(f"{n} {k}" for k, n in sorted(missed.items()))
    print(
        f"| {label} | {precision:.2%} ({right:,} of {len(found_pairs):,}) | {recall:.2%} ({right:,} of {len(true_pairs):,}) "
        f"| {deposits:.2%} ({deposits_right:,} of {len(truth['deposits']):,}) "
        f"| {planted_found} of {len(truth['planted'])}{' (missed: ' + missed_text + ')' if missed_text else ''} "
        f"| {false_lines:,} ({false_lines / max(1, len(paired_lines)):.2%}) |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
