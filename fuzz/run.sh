#!/usr/bin/env bash
# Fuzzes the decoders with Jazzer for a number of minutes (docs/fuzzing.md).
#
#   fuzz/run.sh <minutes> [target]    one target for <minutes>, or every target in turn, <minutes> shared evenly
#   fuzz/run.sh list                  the targets
#
# A finding fails its target: Jazzer saves the input as crash-<sha1> in the target's seed directory
# (src/test/resources/…/<Class>Inputs/<method>/), where the next ./mvnw verify runs it as a regression test.
# What the fuzzer learnt is kept in <module>/.cifuzz-corpus/ (not committed) and picked up by the next run.
# NICE=19 fuzz/run.sh 10 runs it at the lowest CPU priority.
set -euo pipefail
cd "$(dirname "$0")/.."

# name  module  test class#method
targets=(
  "wire-decoder         core             dev.peermesh.wire.WireFuzzTest#decoderTurnsAnyByteStreamIntoFramesThenAtMostOneFailure"
  "wire-reader          core             dev.peermesh.wire.WireFuzzTest#readerTurnsAnyBodyIntoAFrameOrSaysWhyNot"
  "handshake-responder  core             dev.peermesh.protocol.HandshakeFuzzTest#responderAdmitsOnlyAPeerThatProvedTheKey"
  "handshake-initiator  core             dev.peermesh.protocol.HandshakeFuzzTest#initiatorAcceptsOnlyAResponderThatProvedTheKey"
  "resolver-lease       core             dev.peermesh.resolver.http.ResolverJsonFuzzTest#leaseIsReadOrRefusedWithAReason"
  "resolver-peers       core             dev.peermesh.resolver.http.ResolverJsonFuzzTest#peersAreReadOrRefusedWithAReason"
  "multicast-datagram   core             dev.peermesh.resolver.multicast.DatagramFuzzTest#datagramIsReadOrRefusedWithAReason"
  "server-body          resolver-server  dev.peermesh.resolver.server.api.RegistrationRequestFuzzTest#registrationBodyIsAcceptedOrAnswered400"
  "server-path          resolver-server  dev.peermesh.resolver.server.api.RegistrationRequestFuzzTest#pathAndQueryValuesAreAcceptedOrAnswered400"
)

usage() {
  echo "usage: fuzz/run.sh <minutes> [target]   (fuzz/run.sh list shows the targets)" >&2
  exit 2
}

if [ "${1:-}" = list ]; then
  printf '%s\n' "${targets[@]}" | awk '{ print $1 "\t" $3 }'
  exit 0
fi
[[ "${1:-}" =~ ^[0-9]+([.][0-9]+)?$ ]] || usage
minutes=$1
only=${2:-}

selected=()
for entry in "${targets[@]}"; do
  read -r name _ _ <<<"$entry"
  if [ -z "$only" ] || [ "$only" = "$name" ]; then
    selected+=("$entry")
  fi
done
if [ ${#selected[@]} -eq 0 ]; then
  echo "fuzz/run.sh: no target '$only'; fuzz/run.sh list shows them" >&2
  exit 2
fi
seconds=$(awk -v m="$minutes" -v n="${#selected[@]}" 'BEGIN { s = int(m * 60 / n); print (s < 10 ? 10 : s) }')

mkdir -p target/fuzz
failed=()
for entry in "${selected[@]}"; do
  read -r name module test <<<"$entry"
  log="target/fuzz/$name.log"
  echo "== $name: $test for ${seconds}s (log: $log)"
  status=0
  # JAZZER_FUZZ switches @FuzzTest from its seeds to fuzzing; JAZZER_MAX_DURATION overrides its maxDuration.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" nice -n "${NICE:-0}" ./mvnw -q -B -pl "$module" -am test \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || status=$?
  # libFuzzer's closing lines: runs, coverage (cov: edges, ft: features), corpus size
  grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs' "$log" | sed 's/^/   /' || true
  if [ $status -ne 0 ]; then
    failed+=("$name")
    echo "   FAILED (exit $status); the finding and its input are in $log" >&2
    grep -E 'crash-|Test unit written|FuzzTestFinding|Caused by' "$log" | head -n 5 | sed 's/^/   /' >&2 || true
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz/run.sh: no findings in ${#selected[@]} target(s)"
