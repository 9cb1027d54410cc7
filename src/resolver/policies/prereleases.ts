/**
 * Which packages may have pre-releases (uv's `--prerelease` modes; `allow` is pip's
 * `--pre`). The default, `if-necessary-or-explicit`, allows them for a package when a
 * root requirement or constraint names a pre-release in its specifier (`a>=2.0b1`), or
 * when the package has nothing but pre-releases. A transitive requirement naming one does
 * not opt in, and "only pre-releases match the range" is not enough (uv's rules; packse
 * scenarios `transitive-prerelease-and-stable-dependency`, `package-only-prereleases-in-range`).
 */
import type { PrereleasePolicy } from '../lock-request.js';
import type { ProjectReleases } from '../project-catalog.js';

export class PrereleaseRule {
  constructor(
    private readonly policy: PrereleasePolicy,
    /** Canonical names whose root requirement or constraint names a pre-release. */
    private readonly explicit: ReadonlySet<string>,
  ) {}

  allows(project: ProjectReleases): boolean {
    switch (this.policy) {
      case 'allow':
        return true;
      case 'disallow':
        return false;
      case 'explicit':
        return this.explicit.has(project.name);
      case 'if-necessary':
        return project.onlyPrereleases;
      case 'if-necessary-or-explicit':
        return project.onlyPrereleases || this.explicit.has(project.name);
    }
  }

  /** Why a pre-release of `name` is not a candidate, for explanations. */
  reason(name: string): string {
    if (this.policy === 'disallow') return 'a pre-release, and pre-releases are disallowed';
    return `a pre-release; to allow pre-releases of ${name}, name one in a requirement (${name}>=X.YbZ) or use --pre`;
  }
}
