# Shared helpers for the Makefile's scripts. Source it; do not run it.
# shellcheck shell=bash

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR="$REPO_ROOT/build"
VENV_ROOT="$REPO_ROOT/.venv"
# A copy of the source tree where ansible-test and the unit tests expect a collection to be.
STAGE_ROOT="$BUILD_DIR/src"
STAGE_DIR="$STAGE_ROOT/ansible_collections/alicloud/fc"
# The collection installed from its built artifact, used by playbooks (demo, integration tests).
INSTALL_ROOT="$BUILD_DIR/collections"
export ANSIBLE_COLLECTIONS_PATH="$INSTALL_ROOT"

# The SDK ignores NO_PROXY, so a proxy in the environment would capture calls to the local
# emulator; nothing this project runs needs one. The tests and benchmarks build the environment of
# what they start with tests/clean_env.py, which holds the full rules; this is their shell side.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

# Nothing this project runs writes outside the repository. Ansible's home and temporary files, and
# the caches that honour XDG_CACHE_HOME (pip, molecule, ansible-lint), live under build/;
# tools that write under ~ whatever the environment says (ansible-test: its sanity virtualenvs and
# download cache; antsibull-docs: ~/antsibull.log) run with HOME=$TOOL_HOME (see private_home).
export ANSIBLE_HOME="$BUILD_DIR/ansible"
export ANSIBLE_LOCAL_TEMP="$ANSIBLE_HOME/tmp" ANSIBLE_REMOTE_TEMP="$ANSIBLE_HOME/tmp"
export XDG_CACHE_HOME="$BUILD_DIR/cache"
# Temporary files too (pytest's, ansible-test's, the benchmarks' work directories): build/tmp.
export TMPDIR="$BUILD_DIR/tmp"
mkdir -p "$TMPDIR"
TOOL_HOME="$BUILD_DIR/home"
# Tools that list files through git (ansible-test, antsibull-docs, ansible-lint) must not take a tree
# under build/ for part of this repository, whose .gitignore hides build/: a staged copy has a git
# index of its own, anything else under build/ (pytest's temporary files) none.
export GIT_CEILING_DIRECTORIES="$BUILD_DIR"
# Read before any HOME is changed: pyenv's versions and the user's pip configuration.
USER_HOME=$HOME

# The time of day on every step, so that a log shows what each stage took.
log() { printf '\n==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# find_python MIN_MINOR MAX_MINOR: the first working python3.N, oldest first, MIN <= N <= MAX.
# Looks on PATH, then in pyenv's versions (pyenv shims refuse versions that are not selected).
find_python() {
  local minor candidate
  for ((minor = $1; minor <= $2; minor++)); do
    for candidate in "python3.$minor" "${PYENV_ROOT:-$USER_HOME/.pyenv}"/versions/3."$minor".*/bin/python3."$minor"; do
      if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv' >/dev/null 2>&1; then
        command -v "$candidate"
        return 0
      fi
    done
  done
  echo "no Python 3.$1 to 3.$2 found (install one, or put it on PATH)" >&2
  return 1
}

# Test lanes: the oldest and the newest supported ansible-core, each with its own Python and pins.
lane_python() {
  case "$1" in
    oldest) find_python 11 12 ;;   # ansible-core 2.16 runs on Python 3.10 to 3.12
    newest) find_python 12 13 ;;   # ansible-core 2.20+ needs Python 3.12+
    docs) find_python 12 13 ;;     # docs and packaging tools, on the newest ansible-core
    core217 | core218 | core219) find_python 11 12 ;;  # the middle minors (MIDDLE_CORES), Python 3.11 as the oldest
    core220) find_python 12 13 ;;  # ansible-core 2.20 needs Python 3.12+
    *) echo "unknown lane $1" >&2; return 1 ;;
  esac
}

# The ansible-core minors between the oldest (2.16) and newest (2.21) lanes. Each has a small lane of its own
# (.venv/core2NN: ansible-core, the runtime requirements, pytest) that runs the in-process suite only
# (run_middle_core), so that every minor the action plugins run in-process on is tested.
MIDDLE_CORES="core217 core218 core219 core220"

# lane_requirements LANE: the requirements files of the lane; the middle minors' lanes skip the full lanes' tooling.
lane_requirements() {
  printf '%s\n' "$REPO_ROOT/requirements.txt"
  [[ "$1" == core* ]] || printf '%s\n' "$REPO_ROOT/tests/requirements.txt"
  printf '%s\n' "$REPO_ROOT/tests/requirements-$1.txt"
}

# ensure_venv LANE: .venv/LANE with the lane's pinned test requirements; rebuilt when they change.
ensure_venv() {
  local lane=$1 venv="$VENV_ROOT/$1" stamp python requirements=()
  mapfile -t requirements < <(lane_requirements "$lane")
  stamp=$(cat "${requirements[@]}" "$REPO_ROOT/tests/constraints-$lane.txt" | sha256sum | cut -c1-16)
  if [[ -f "$venv/.stamp" && "$(cat "$venv/.stamp")" == "$stamp" ]]; then
    return 0
  fi
  python=$(lane_python "$lane")
  log "creating $venv with $python"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip 2> >(grep -v "^WARNING: Location 'file:" >&2)
  # The grep drops pip's notes about index folders this machine's pip configuration names but lacks.
  "$venv/bin/python" -m pip install --quiet "${requirements[@]/#/-r}" \
    -c "$REPO_ROOT/tests/constraints-$lane.txt" 2> >(grep -v "^WARNING: Location 'file:" >&2)
  echo "$stamp" >"$venv/.stamp"
}

# stage [--no-index]: copy the tracked and untracked-but-not-ignored files into
# build/src/ansible_collections/alicloud/fc. --no-index: without the git index ansible-test needs
# (the fast loop's pytest runs do not).
stage() {
  rm -rf "$STAGE_ROOT"
  mkdir -p "$STAGE_DIR"
  (cd "$REPO_ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [[ -e "$f" ]] && printf '%s\0' "$f"
  done | xargs -0 cp --parents -t "$STAGE_DIR")
  [[ "${1:-}" == --no-index ]] && return 0
  # build/ is ignored by this repository's git, and ansible-test lists files through git:
  # give the copy an index of its own so ansible-test sees exactly the staged files.
  (cd "$STAGE_DIR" && git init --quiet && git add --all)
}

# copy_stage ROOT: a fresh copy of the staged tree (build/src) in ROOT, for a step that writes into the tree it
# runs in (ansible-test: tests/output) or runs beside others.
copy_stage() {
  rm -rf "$1"
  mkdir -p "$1"
  cp -a "$STAGE_ROOT/." "$1/"
}

# existing_test_dirs ROOT DIR...: those of the DIRs (test folders of the collection under ROOT) that exist.
existing_test_dirs() {
  local root=$1 dir
  shift
  for dir in "$@"; do
    [[ -d "$root/ansible_collections/alicloud/fc/$dir" ]] && printf '%s\n' "$dir"
  done
  return 0
}

# side_by_side NAME FUNCTION LANE...: FUNCTION LANE for every LANE at once, each one's output in
# build/NAME-LANE.log, printed in order as they end; fails naming the lanes that failed.
side_by_side() {
  local name=$1 function=$2 lane failed=
  shift 2
  declare -A pids
  for lane in "$@"; do
    "$function" "$lane" >"$BUILD_DIR/$name-$lane.log" 2>&1 &
    pids[$lane]=$!
  done
  for lane in "$@"; do
    wait "${pids[$lane]}" || failed+=" $lane"
    log "$name-$lane output (build/$name-$lane.log)"
    cat "$BUILD_DIR/$name-$lane.log"
  done
  if [[ -n "$failed" ]]; then
    echo "$name failed on:$failed" >&2
    return 1
  fi
}

# lane_pytest LANE ROOT NAME PYTEST_ARGS...: pytest with the lane's Python in the collection under ROOT
# (the staged tree or a copy of it), its temporary files in build/pytest-tmp-NAME.
lane_pytest() {
  local lane=$1 root=$2 name=$3
  shift 3
  # The -W silences the SDK's own use of datetime.utcnow() on Python 3.12+.
  (cd "$root/ansible_collections/alicloud/fc" && PYTHONPATH="$root" "$VENV_ROOT/$lane/bin/python" -m pytest \
      -p no:cacheprovider --basetemp="$BUILD_DIR/pytest-tmp-$name" \
      -W 'ignore:datetime.datetime.utcnow:DeprecationWarning' "$@")
}

# run_middle_core LANE: the in-process suite alone on one of MIDDLE_CORES: the equivalence playbooks
# (tests/integration/in_process/test_in_process_equivalence.py) and the unit tests of plugins/plugin_utils/_in_process.py,
# in the staged tree (stage), with the collection installed from its artifact (build_and_install).
run_middle_core() {
  ensure_venv "$1" || return 1
  log "in-process suite ($1 lane: $("$VENV_ROOT/$1/bin/ansible" --version | sed -n 1p))"
  lane_pytest "$1" "$STAGE_ROOT" "$1" --junitxml="$BUILD_DIR/pytest-$1.xml" \
    tests/integration/in_process/test_in_process_equivalence.py tests/unit/plugins/plugin_utils/test_in_process.py
}

# run_middle_cores [AT_ONCE]: run_middle_core on every one of MIDDLE_CORES, AT_ONCE (default 2) at a time (much
# of it waits on playbooks).
run_middle_cores() {
  local cores at_once=${1:-2}
  read -ra cores <<<"$MIDDLE_CORES"
  log "in-process suite on the ansible-core minors between the lanes: $MIDDLE_CORES, $at_once at a time"
  while ((${#cores[@]})); do
    side_by_side core run_middle_core "${cores[@]:0:at_once}" || return 1
    cores=("${cores[@]:at_once}")
  done
}

# build_and_install LANE: build the collection artifact and install it where playbooks find it.
build_and_install() {
  local venv="$VENV_ROOT/$1"
  rm -rf "$BUILD_DIR/dist" "$INSTALL_ROOT"
  mkdir -p "$BUILD_DIR/dist"
  (cd "$STAGE_DIR" && "$venv/bin/ansible-galaxy" collection build --output-path "$BUILD_DIR/dist" >/dev/null)
  "$venv/bin/ansible-galaxy" collection install --force -p "$INSTALL_ROOT" "$BUILD_DIR"/dist/alicloud-fc-*.tar.gz >/dev/null
  log "built $(basename "$BUILD_DIR"/dist/alicloud-fc-*.tar.gz) and installed it into $INSTALL_ROOT"
}

# private_home: create TOOL_HOME, with the user's pip configuration (if any) copied in, since
# ansible-test hands pip nothing of the environment but HOME and PATH.
private_home() {
  local config
  mkdir -p "$TOOL_HOME"
  for config in .config/pip/pip.conf .pip/pip.conf; do
    if [[ -f "$USER_HOME/$config" && ! -f "$TOOL_HOME/$config" ]]; then
      mkdir -p "$(dirname "$TOOL_HOME/$config")"
      cp "$USER_HOME/$config" "$TOOL_HOME/$config"
    fi
  done
}

# The host ansible-test downloads get-pip.py from, to bootstrap pip into its sanity virtualenvs.
GET_PIP_HOST=ci-files.testing.ansible.com

# prepare_ansible_test LANE: ansible-test's home under build/, and a machine workaround used only where
# needed: on a machine that reaches the package index but not GET_PIP_HOST (this project's CI is one),
# scripts/get_pip_standin.py takes get-pip.py's place in ansible-test's cache and installs pip from the
# package index. Probed (5 s at most) only while a get-pip script ansible-test will ask for is missing.
prepare_ansible_test() {
  local venv="$VENV_ROOT/$1" cache="$TOOL_HOME/.ansible/test/cache" version missing=()
  private_home
  for version in $(grep -ho "pip='[0-9.]*'" "$venv"/lib/python3.*/site-packages/ansible_test/_internal/python_requirements.py | tr -dc '0-9.\n'); do
    [[ -f "$cache/get_pip_${version//./_}.py" ]] || missing+=("$version")
  done
  ((${#missing[@]})) || return 0
  # The URL ansible-test fetches (ansible_test/_util/target/setup/requirements.py).
  if "$venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5).read(1)' \
      "https://$GET_PIP_HOST/ansible-test/get-pip-${missing[0]}.py" >/dev/null 2>&1; then
    return 0
  fi
  log "bootstrapping pip from the package index: $GET_PIP_HOST unreachable (scripts/get_pip_standin.py in $cache)"
  mkdir -p "$cache"
  for version in "${missing[@]}"; do
    cp "$REPO_ROOT/scripts/get_pip_standin.py" "$cache/get_pip_${version//./_}.py"
  done
}

# run_sanity LANE [DIR]: ansible-test sanity on the staged copy (or the copy of it in DIR), for the
# lane's Python only.
run_sanity() {
  local venv="$VENV_ROOT/$1" dir=${2:-$STAGE_DIR} python_version
  python_version=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  prepare_ansible_test "$1"
  log "ansible-test sanity ($1 lane: $("$venv/bin/ansible" --version | sed -n 1p), Python $python_version)"
  (cd "$dir" && HOME="$TOOL_HOME" PATH="$venv/bin:$PATH" ansible-test sanity --requirements --python "$python_version" --color no)
}

# run_ruff: ruff's formatter and linter over the whole working tree (config: pyproject.toml), newest lane's ruff.
run_ruff() {
  log "ruff format --check and ruff check (pyproject.toml)"
  (cd "$REPO_ROOT" && "$VENV_ROOT/newest/bin/ruff" format --check --quiet . && "$VENV_ROOT/newest/bin/ruff" check --quiet .)
}

# run_integration_targets LANE [DIR]: ansible-test integration on the staged copy (or the copy of it
# in DIR): every target under tests/integration/targets, on the controller, with the lane's Python
# (where the SDK is), against the emulator that the target setup_emulator starts and stops. No
# ambient Alibaba Cloud settings: the targets set region, endpoint and key through module_defaults.
run_integration_targets() {
  local venv="$VENV_ROOT/$1" dir=${2:-$STAGE_DIR}
  log "ansible-test integration ($1 lane: $("$venv/bin/ansible" --version | sed -n 1p))"
  (cd "$dir" && PATH="$venv/bin:$PATH" "$venv/bin/python" "$REPO_ROOT/tests/clean_env.py" "$BUILD_DIR/ansible-test-home-$1" \
      ansible-test integration --python-interpreter "$venv/bin/python" --color no)
}

# start_emulator LANE [EMULATOR OPTIONS...]: the FC3 emulator in the background on a free loopback
# port, through its launcher (tests/emulator/fc3_launcher.py); it ends with this shell at the latest.
# Sets EMULATOR_URL; stop it with stop_emulator.
start_emulator() {
  local venv="$VENV_ROOT/$1"
  shift
  EMULATOR_STATE=$(mktemp "${TMPDIR:-/tmp}/fc3-emulator.XXXXXX")
  EMULATOR_URL=$("$venv/bin/python" "$REPO_ROOT/tests/emulator/fc3_launcher.py" start --state-file "$EMULATOR_STATE" \
    --exit-with $$ -- --access-key AKIDEXAMPLE:SECRETEXAMPLE "$@") || { rm -f "$EMULATOR_STATE"; EMULATOR_STATE=; return 1; }
  EMULATOR_PYTHON="$venv/bin/python"
  log "FC3 emulator listening on $EMULATOR_URL"
}

stop_emulator() {
  if [[ -n "${EMULATOR_STATE:-}" ]]; then
    "$EMULATOR_PYTHON" "$REPO_ROOT/tests/emulator/fc3_launcher.py" stop --state-file "$EMULATOR_STATE"
    EMULATOR_STATE=
  fi
}
