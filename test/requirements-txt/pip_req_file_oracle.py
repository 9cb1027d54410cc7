"""Oracle: pip 23.2.1's own requirements-file parser, for the differential tests.

Reads {"cases": [{"dir", "top": [{"file", "constraint"}], "env": {...}}], "envNames": [...]}
on stdin and prints, per case, what pip yields: the parsed requirements (with the
InstallRequirement pip builds from each), the finder's options, the session's trusted
hosts, the percolated options and pip's warnings; or the error pip raises.
Every case runs in its own directory, with a finder and options as `pip install` has them.
"""
import json
import logging
import optparse
import os
import re
import sys

from pip._internal.cli import cmdoptions
from pip._internal.index.collector import LinkCollector
from pip._internal.index.package_finder import PackageFinder
from pip._internal.models.format_control import FormatControl
from pip._internal.models.search_scope import SearchScope
from pip._internal.models.selection_prefs import SelectionPreferences
from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import parse_requirements


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


capture = Capture()
logging.getLogger("pip._internal").addHandler(capture)
logging.getLogger("pip._internal").propagate = False
import warnings

warnings.simplefilter("ignore")


def ireq_info(parsed):
    try:
        ireq = install_req_from_parsed_requirement(parsed)
    except BaseException as e:  # noqa: BLE001 - pip raises several kinds
        return {"error": f"{type(e).__name__}: {e}"}
    return {
        "name": ireq.name,
        "link": ireq.link.url if ireq.link else None,
        "markers": str(ireq.markers) if ireq.markers is not None else None,
        "extras": sorted(ireq.extras),
        "specifier": str(ireq.req.specifier) if ireq.req is not None else None,
        "url": ireq.req.url if ireq.req is not None else None,
    }


def run_case(case, env_names):
    for name in env_names:
        os.environ.pop(name, None)
    os.environ.update(case.get("env", {}))
    os.chdir(case["dir"])
    capture.messages = []
    # pip's --use-feature option shares one default list between parsers (a functools.partial
    # default): within one pip run that is invisible, across our cases it would leak.
    cmdoptions.use_new_feature.keywords["default"].clear()
    # One session for every case (creating one is slow); its trusted hosts start empty.
    session = SESSION
    session.pip_trusted_origins = []
    finder = PackageFinder.create(
        link_collector=LinkCollector(session, SearchScope.create([], [], False)),
        selection_prefs=SelectionPreferences(allow_yanked=True, format_control=FormatControl(set(), set())),
    )
    options = optparse.Values({"require_hashes": False, "features_enabled": []})
    reqs = []
    try:
        for top in case["top"]:
            for parsed in parse_requirements(
                top["file"], session, finder=finder, options=options, constraint=top.get("constraint", False)
            ):
                m = re.search(r"^(-[rc]) (.*) \(line (\d+)\)$", parsed.comes_from)
                opts = parsed.options or {}
                reqs.append(
                    {
                        "requirement": parsed.requirement,
                        "editable": parsed.is_editable,
                        "constraint": parsed.constraint,
                        "file": os.path.normpath(m.group(2)),
                        "line": int(m.group(3)),
                        "hashes": opts.get("hashes", {}),
                        "global_options": opts.get("global_options"),
                        "config_settings": opts.get("config_settings"),
                        "ireq": ireq_info(parsed),
                    }
                )
    except BaseException as e:  # noqa: BLE001 - RecursionError for cycles, OSError, ...
        return {"error": f"{type(e).__name__}: {e}"[:2000], "requirements": reqs}
    fc = finder.format_control
    return {
        "requirements": reqs,
        "indexUrls": finder.index_urls,
        "findLinks": [os.path.normpath(f) if os.path.isabs(f) else f for f in finder.find_links],
        "noIndex": finder.search_scope.no_index,
        "noBinary": sorted(fc.no_binary),
        "onlyBinary": sorted(fc.only_binary),
        "pre": finder._candidate_prefs.allow_all_prereleases,
        "preferBinary": finder._candidate_prefs.prefer_binary,
        "trustedHosts": [h if p is None else f"{h}:{p}" for (h, p) in session.pip_trusted_origins],
        "requireHashes": bool(options.require_hashes),
        "features": options.features_enabled,
        "warnings": capture.messages,
    }


SESSION = PipSession()


def main():
    data = json.load(sys.stdin)
    sys.setrecursionlimit(400)
    out = [run_case(case, data["envNames"]) for case in data["cases"]]
    json.dump(out, sys.stdout)


main()
