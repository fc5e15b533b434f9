#!/usr/bin/env bash
# The binary to install, at its fastest: target/dist/cvpdf, optimised with a profile of its own
# renders (profile-guided optimisation), and linked statically on Linux x86-64.
#
#   1. an instrumented build (target/pgo-train) renders the project's own pages: the bundled
#      sample in both languages, in every layout and page budget, and the test fixtures;
#   2. llvm-profdata merges what those renders counted (the `llvm-tools` rustup component,
#      added here when rustup is there);
#   3. the release build (target/dist) is optimised with that profile: LLVM lays out and
#      inlines for the paths a render takes.
#
# On Linux x86-64 it links against musl when it can (rustup's `x86_64-unknown-linux-musl`
# target, added here, and `musl-gcc` for the C libraries: `apt-get install musl-tools`): a
# render starts 0.3 ms sooner than on glibc, whose start queries the processor (src/alloc.rs).
# Without musl-gcc it links glibc statically. Without llvm-profdata, or when merging the counts
# fails, it builds the same binary without a profile and says so. Training runs again only
# when the instrumented binary changed.
#
#   bash scripts/dist.sh        (then: install -m 755 target/dist/cvpdf ~/.local/bin/)
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
target=$host
flags=()
musl=x86_64-unknown-linux-musl
if [ "$(uname -sm)" = "Linux x86_64" ]; then
  # `--target` keeps these flags off the build scripts and procedural macros (README, "Install").
  flags=(-C target-feature=+crt-static -C relocation-model=static)
  if command -v musl-gcc >/dev/null && { rustup target list --installed 2>/dev/null | grep -qx $musl ||
    rustup target add $musl >/dev/null 2>&1; }; then
    target=$musl
  elif ! ldd --version 2>&1 | grep -qi glibc; then
    flags=()
  fi
fi
build() { # build TARGET_DIR EXTRA_RUSTFLAGS...: the release binary for $target, its path on stdout
  local dir=$1; shift
  RUSTFLAGS="${flags[*]} $*" cargo build --quiet --locked --release --bin cvpdf --target "$target" \
    --target-dir "$dir" >&2
  echo "$PWD/$dir/$target/release/cvpdf"
}

profdata() { # the llvm-profdata matching rustc's LLVM, or nothing
  local tool
  tool="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
  if [ ! -x "$tool" ] && command -v rustup >/dev/null; then
    rustup component add llvm-tools >/dev/null 2>&1 || true
  fi
  [ -x "$tool" ] && echo "$tool"
}

train() { # train BINARY: renders the project's own pages with BINARY, which counts as it runs
  local bin=$1 out
  out=$(mktemp -d)
  run() { "$bin" "$@" >/dev/null 2>&1 || true; }
  for lang in fr en; do
    for layout in layouts/*.toml; do
      run render "content/$lang/cv.md" --layout "$(basename "$layout" .toml)" -o "$out/a.pdf"
    done
    for budget in 1 2; do run render "content/$lang/cv.md" --pages "$budget" -o "$out/b.pdf"; done
    run render "content/$lang/cv.md" --format png --dpi 40 -o "$out/c.png"
  done
  (cd "$out" && run render "$OLDPWD/content" --all)
  for page in tests/fixtures/*.md tests/fixtures/*/*.md; do run render "$page" -o "$out/d.pdf"; done
  run check content/en/cv.md
  rm -rf "$out"
}

mkdir -p target/dist
profile="$PWD/target/pgo-train/merged.profdata"
raw="$PWD/target/pgo-train/profiles"
if tool=$(profdata); then
  gen=$(build target/pgo-train -C "profile-generate=$raw")
  stamp=target/pgo-train/trained-with
  if [ ! -f "$profile" ] || ! cmp -s "$stamp" <(cksum <"$gen"); then
    rm -rf "$raw"
    train "$gen"
    if "$tool" merge -o "$profile.new" "$raw"/*.profraw; then
      mv "$profile.new" "$profile" && cksum <"$gen" >"$stamp"
    else
      rm -f "$profile"
    fi
  fi
fi
if [ -n "${tool:-}" ] && [ -f "$profile" ]; then
  bin=$(build target/dist -C "profile-use=$profile")
else
  echo "scripts/dist.sh: no profile (llvm-profdata comes with \`rustup component add llvm-tools\`): building without one" >&2
  bin=$(build target/dist)
fi
cp "$bin" target/dist/cvpdf
echo "$PWD/target/dist/cvpdf"
