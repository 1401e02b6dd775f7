#!/bin/sh
# Layout rules (see README "Architecture"), checked by grep like libvirt's
# syntax-check: views never reach libvirt, libxml2 or libgtop; the model and
# actions never reach curses; no XML is built as text anywhere.  TAP output.
top=${TV_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 1
n=0
fail=0

check() {
    desc=$1
    hits=$2
    n=$((n + 1))
    if [ -z "$hits" ]; then
        echo "ok $n - $desc"
    else
        echo "not ok $n - $desc"
        printf '%s\n' "$hits" | sed 's/^/# /'
        fail=1
    fi
}

check "src/ui includes no libvirt, libxml2 or libgtop header" \
    "$(grep -nE '#include *[<"](libvirt/|libxml/|glibtop)' src/ui/*.c src/ui/*.h)"
check "src/ui calls no libvirt function" \
    "$(grep -nE '\bvir(Connect|Domain|StoragePool|StorageVol|Network|Node|Event|Stream)[A-Za-z]*[[:space:]]*\(' src/ui/*.c)"
check "src/ui includes no header that pulls in libvirt" \
    "$(grep -nE '#include "(util/cleanup|util/xml|model/refresh|model/hoststats-remote|model/guestaddr-read|actions/action-impl)\.h"' src/ui/*.c src/ui/*.h)"
check "src/model and src/actions include no curses" \
    "$(grep -nE '#include *[<"](n?curses|ncursesw/)' src/model/* src/actions/* src/util/*)"
check "src/model and src/actions include no UI header" \
    "$(grep -nE '#include "ui/' src/model/* src/actions/* src/util/*)"
check "no XML built as text" \
    "$(grep -nE '(printf|strcat|strcpy|g_strconcat|g_string_append)[^;]*"[^"]*<(domain|disk|interface|pool|volume|network|source|target|name)[ >/]' src/*.c src/*/*.c)"
check "every .c includes config.h first" \
    "$(for f in src/*.c src/*/*.c; do
           first=$(grep -m1 '#include' "$f")
           [ "$first" = '#include "config.h"' ] || echo "$f: $first"
       done)"
check "no header includes config.h" \
    "$(grep -ln '#include "config.h"' src/*.h src/*/*.h)"
check "nothing prints to stdout or stderr from src/ui and src/model" \
    "$(grep -nE '\b(printf|puts|fprintf *\( *std(out|err))' src/ui/*.c src/model/*.c)"

echo "1..$n"
exit 0
