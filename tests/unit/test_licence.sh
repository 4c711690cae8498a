#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The licence is stated: LICENSE is the ISC licence, and every source file
# of ours (C, assembly, linker scripts, makefiles, shell, bats, Python)
# names it with an SPDX line near its top.
set -u
cd "$(dirname "$0")/../.."
. tests/unit/tap.bash

if [ -f LICENSE ] && grep -q "^ISC License" LICENSE &&
    grep -q "Permission to use, copy, modify, and/or distribute this software" LICENSE; then
    ok "LICENSE is the ISC licence"
else
    not_ok "LICENSE is the ISC licence" "LICENSE is missing or is not the ISC text"
fi

untagged=()
while IFS= read -r f; do
    [ -f "$f" ] || continue
    case $f in
    fuzz/corpus/*|debian/*) continue ;;
    *.c|*.h|*.S|*.lds|*.mk|*.bats|*.bash|*.sh|*.py|Makefile|*/Makefile) ;;
    *) head -c2 "$f" | grep -q '^#!' || continue ;;
    esac
    head -n 3 "$f" | grep -q "SPDX-License-Identifier: ISC" || untagged+=("$f")
done < <(git ls-files)
if [ ${#untagged[@]} -eq 0 ]; then
    ok "every source file has an SPDX-License-Identifier: ISC line"
else
    not_ok "every source file has an SPDX-License-Identifier: ISC line" \
        "${#untagged[@]} without it:" "${untagged[@]}"
fi
finish
