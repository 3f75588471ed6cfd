#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/Sources) and runs each for a while. See README "Fuzzing".
#
#   Fuzz/run.sh [--seconds N] [--timeout S] [--rss-mb MB] [--replay] [--build-only] [--list] [target...]
#
#   --seconds N   fuzz each target for N seconds (default 60)
#   --timeout S   an input running longer than S seconds is a hang, reported like a crash (default 10)
#   --rss-mb MB   more resident memory than this is a finding (default 2048)
#   --replay      run every seed and saved input once instead of fuzzing (a regression check)
#   --build-only  build the fuzz binary and print its path
#   --list        print the targets and exit
#   target...     the targets to run (default: all, in the order of `--list`)
#
# The build goes to .build-fuzz (every module with AddressSanitizer and coverage instrumentation); the normal
# .build is untouched. Seeds are read from Fuzz/corpus/<target>/ and never written; inputs libFuzzer finds
# interesting go to .build-fuzz/corpus/<target>/, so a later run continues from them. A crash, an ASan report, a
# hang or an out-of-memory input is saved to Fuzz/findings/<target>/ (ignored by git) and the script exits 1
# after running the rest. Reproduce one with:
#   WARDEN_FUZZ_TARGET=<target> "$(Fuzz/run.sh --build-only)" Fuzz/findings/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=60 timeout=10 rss_mb=2048 mode=fuzz
targets=()
while (($#)); do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --rss-mb) rss_mb=$2; shift 2 ;;
        --replay) mode=replay; shift ;;
        --build-only) mode=build; shift ;;
        --list) mode=list; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done

# The toolchain's libFuzzer without its main: the fuzz binary is a Swift executable with its own (see Package.swift).
resource_dir=$(swiftc -print-target-info | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p' | head -n 1)
libfuzzer=$(ls "$resource_dir"/clang/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a 2>/dev/null | head -n 1 || true)
if [[ -z "$libfuzzer" ]]; then
    echo "run.sh: libclang_rt.fuzzer_no_main not found under $resource_dir/clang/lib/linux (a Swift toolchain for Linux ships it)" >&2
    exit 2
fi
build=(swift build --build-path .build-fuzz --product warden-fuzz --sanitize=address
       -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table,indirect-calls)
export WARDEN_FUZZ_LIBFUZZER=$libfuzzer
if [[ $mode == build ]]; then
    "${build[@]}" >&2
    echo "$("${build[@]}" --show-bin-path)/warden-fuzz"
    exit 0
fi
echo "== building the fuzz targets (.build-fuzz)" >&2
"${build[@]}" 2>&1 | grep -v "warning: Cannot export local symbol" >&2
binary="$("${build[@]}" --show-bin-path)/warden-fuzz"

# Without WARDEN_FUZZ_TARGET the binary lists its targets ("  name: summary") and exits.
listing=$(env -u WARDEN_FUZZ_TARGET "$binary" 2>&1 || true)
if [[ $mode == list ]]; then
    tail -n +2 <<< "$listing"
    exit 0
fi
all=$(sed -n 's/^  \([a-z-]*\): .*/\1/p' <<< "$listing")
((${#targets[@]})) || read -r -a targets <<< "$(echo $all)"
for target in "${targets[@]}"; do
    grep -qx -- "$target" <<< "$all" || { echo "run.sh: unknown target $target; targets: $(echo $all)" >&2; exit 2; }
done

# The secret scanner's compiled database and parsed rules are cached here, not in the user's cache.
export XDG_CACHE_HOME=$root/.build-fuzz/cache
# Swift's runtime keeps metadata and caches for the life of the process: leak reports would be noise.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
mkdir -p .build-fuzz/logs "$XDG_CACHE_HOME"

failed=()
printf '%-16s %8s %12s %10s %7s %8s  %s\n' target seconds executions "execs/s" "new" "rss MB" result
for target in "${targets[@]}"; do
    seeds=Fuzz/corpus/$target
    work=.build-fuzz/corpus/$target
    findings=Fuzz/findings/$target
    log=.build-fuzz/logs/$target.log
    mkdir -p "$seeds" "$work" "$findings"
    flags=(-timeout="$timeout" -rss_limit_mb="$rss_mb" -malloc_limit_mb="$rss_mb" -print_final_stats=1
           -artifact_prefix="$findings/")
    case $target in toml|policy|rules-*) flags+=(-dict=Fuzz/dict/toml.dict) ;; esac
    started=$(date +%s)
    status=0
    if [[ $mode == replay ]]; then
        WARDEN_FUZZ_TARGET=$target "$binary" "${flags[@]}" -runs=0 "$seeds" > "$log" 2>&1 || status=$?
    else
        WARDEN_FUZZ_TARGET=$target "$binary" "${flags[@]}" -max_total_time="$seconds" "$work" "$seeds" \
            > "$log" 2>&1 || status=$?
    fi
    elapsed=$(($(date +%s) - started))
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
    result=ok
    if ((status != 0)); then
        kind=$(grep -oE 'ERROR: (AddressSanitizer|libFuzzer): [a-z-]+|Fatal error|fuzz target exited|out-of-memory|Timeout' "$log" | head -n 1 || true)
        result="FAILED (${kind:-exit $status}; log $log; input in $findings/)"
        failed+=("$target")
    fi
    printf '%-16s %8s %12s %10s %7s %8s  %s\n' "$target" "$elapsed" "$(stat number_of_executed_units)" \
        "$(stat average_exec_per_sec)" "$(stat new_units_added)" "$(stat peak_rss_mb)" "$result"
done
if ((${#failed[@]})); then
    echo "== findings in: ${failed[*]} (see Fuzz/findings/ and .build-fuzz/logs/)" >&2
    exit 1
fi
