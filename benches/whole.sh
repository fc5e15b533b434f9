#!/usr/bin/env bash
# Whole-process benchmark: a cold `cvpdf render` (start, read, typeset, write) on seed 000, the
# sample in both languages and a ten times longer résumé; median time (hyperfine) and peak
# memory (/usr/bin/time). Where `typst` is installed, cvpdf on seed 000 and `typst compile` of
# the same text (../shared/bench/seed000.typ, or TYPST_DOC) run alternately in one run, and the
# ratios of their medians are printed.
#
#   bash benches/whole.sh          (apt-get install hyperfine for the timings;
#                                   cargo install typst-cli --locked for the comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
# The binary as it is installed at its fastest: scripts/dist.sh (profile-optimised, and linked
# statically on Linux x86-64 with glibc). Its first build takes minutes.
bin=$(bash scripts/dist.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seed=../shared/corpus/seeds/000_ac93b3fd0b79b0dc.txt
inputs=()
[ -f "$seed" ] && inputs+=("seed-000:$seed")
inputs+=("sample-fr:content/fr/cv.md" "sample-en:content/en/cv.md")
# Ten times longer: the English sample's body repeated.
{ cat content/en/cv.md; for _ in $(seq 9); do sed '1,/^+++$/d' content/en/cv.md; done; } > "$work/ten.md"
inputs+=("ten-times:$work/ten.md")

printf '%-12s %10s %10s %8s\n' input median_ms peak_MiB pages
for entry in "${inputs[@]}"; do
  name=${entry%%:*}; src=${entry#*:}
  out="$work/$name.pdf"
  pages=$("$bin" render "$src" -o "$out" 2>/dev/null | sed -n 's/.*(\([0-9]*\) page.*/\1/p')
  peak=$(/usr/bin/time -f %M "$bin" render "$src" -o "$out" 2>&1 >/dev/null | tail -1)
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 5 --runs 40 --export-json "$work/$name.json" "$bin render $src -o $out" >/dev/null 2>&1
    median=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1000, 2))" "$work/$name.json")
  else
    start=$(date +%s%N); for _ in $(seq 20); do "$bin" render "$src" -o "$out" >/dev/null 2>&1; done
    median=$(( ($(date +%s%N) - start) / 20000000 ))
  fi
  printf '%-12s %10s %10.1f %8s\n' "$name" "$median" "$(echo "$peak / 1024" | bc -l)" "$pages"
done

typst_doc=${TYPST_DOC:-../shared/bench/seed000.typ}
if command -v typst >/dev/null && [ -f "$typst_doc" ] && [ -f "$seed" ]; then
  python3 benches/alternate.py "${RUNS:-20}" cvpdf typst -- "$bin" render "$seed" -o "$work/alt.pdf" \
    -- typst compile "$typst_doc" "$work/typst.pdf"
else
  echo "typst: not measured (cargo install typst-cli --locked, and ../shared/bench/seed000.typ)"
fi
