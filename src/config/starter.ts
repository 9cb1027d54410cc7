/**
 * The commented starter wheelhouse.yaml that `wheelhouse init` writes. It loads with the
 * validator once its requirements.in exists (test/config/starter.test.ts).
 */
export const STARTER_CONFIG = `# wheelhouse.yaml: what \`wheelhouse build\` locks, downloads and verifies.
# Relative paths are relative to this file's folder. Flags given to \`wheelhouse build\`
# win over the settings here (--target, --dest, -o, --index-url, --pip, ...).

# What to install: input files (requirements.in, pyproject.toml) and/or requirements
# as pip takes them ("flask>=3", "requests[socks]").
requirements:
  - requirements.in
# constraints: [constraints.txt]
# extras: [test]              # extras of a pyproject.toml input
# all-extras: false            # true: every extra of the pyproject.toml inputs
# groups: [dev]               # PEP 735 dependency groups

# The machines the wheelhouse is for. host is the machine you run on, as python3
# describes it; others by short spelling (INTERPRETER-PLATFORM or PRESET@VERSION),
# or as {python-version, platform, implementation, abi}.
targets:
  - host
  # - linux-x86_64@3.12
  # - cp312-win_amd64
  # - python-version: "3.11"
  #   platform: manylinux_2_28_aarch64

# Where packages come from (default: PyPI). A local folder holding a PEP 503 tree works too.
# index-url: https://pypi.org/simple
# extra-index-url: [https://download.pytorch.org/whl/cpu]
# find-links: [./vendor]
# index-strategy: first-index  # or unsafe-best-match (pip's behaviour)
# no-index: false              # true: find-links only

# Which files and versions may be chosen.
# only-binary: [":all:"]       # wheels only; or project names
# no-binary: []
# prefer-binary: false
# pre: false                   # true: allow pre-releases everywhere (pip --pre)
# prerelease: if-necessary-or-explicit
# resolution: highest
# exclude-newer: 2025-01-01

# hashes: all                  # or targets: only the files some target can install

# The lockfile: requirements (pip-compile style, with hashes) or pylock (PEP 751,
# then the path must be pylock.toml).
lock:
  path: requirements.txt
  format: requirements

# The wheelhouse folder; index: true also writes a PEP 503 tree in it (wheelhouse/simple/).
wheelhouse:
  dir: wheelhouse
  index: false

# build-deps: true             # also fetch the build backends sdists need offline
# concurrency: 8               # files downloaded at once

# verify runs after every build; pip: true also asks the real pip (a fresh venv for
# host, pip download --platform ... for the other targets).
verify:
  pip: true
  # python: python3
`;
