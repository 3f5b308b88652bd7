#!/bin/sh
# docker-compose.yml, profile `postgres`, service temporal-namespace (image temporalio/admin-tools), after the server:
# waits until the server is healthy, creates the namespace if it is missing and registers the search attributes the
# workflows set (the dev server of the `dev` profile takes the same list as --search-attribute flags). Idempotent.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
ATTEMPTS="${TEMPORAL_WAIT_ATTEMPTS:-60}"
# name=type, the list in src/workflows/search-attributes.ts (a test compares them).
SEARCH_ATTRIBUTES="EinsteinModelId=Keyword EinsteinDatasetId=Keyword EinsteinDomain=Keyword EinsteinOutcome=Keyword EinsteinTriggerSource=Keyword"

# Runs "$@" until it succeeds, $ATTEMPTS times at most, 2 s apart: the server takes a while to answer after its
# container starts, and a namespace just created takes a few seconds to be known to every part of it.
retry() {
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$ATTEMPTS" ]; then
      echo "gave up after $ATTEMPTS attempts: $*" >&2
      return 1
    fi
    echo "not yet ($attempt/$ATTEMPTS): $*" >&2
    attempt=$((attempt + 1))
    sleep 2
  done
}

retry temporal operator cluster health --address "$ADDRESS"

if temporal operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1; then
  echo "namespace $NAMESPACE exists"
else
  retry temporal operator namespace create --namespace "$NAMESPACE" --address "$ADDRESS"
fi

for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  registered="$(retry temporal operator search-attribute list --namespace "$NAMESPACE" --address "$ADDRESS")"
  if printf '%s\n' "$registered" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    retry temporal operator search-attribute create --namespace "$NAMESPACE" --address "$ADDRESS" --name "$name" --type "$type"
  fi
done
echo "namespace $NAMESPACE is ready"
