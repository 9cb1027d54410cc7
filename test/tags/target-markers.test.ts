import { describe, expect, it } from 'vitest';
import { detectHostTarget, parseTarget, targetMarkers } from '../../src/tags/index.js';
import { hasPython, isolatedPythonEnv } from '../helpers/python.js';

describe('marker environments of targets', () => {
  // Values as CPython reports them on each system: sys.platform, os.name,
  // platform.system() and platform.machine() (AMD64/ARM64 on Windows, arm64 on macOS).
  it.each([
    ['cp312-manylinux_2_28_x86_64', { sys_platform: 'linux', os_name: 'posix', platform_system: 'Linux', platform_machine: 'x86_64', python_version: '3.12', python_full_version: '3.12.0', implementation_name: 'cpython', implementation_version: '3.12.0', platform_python_implementation: 'CPython' }],
    ['linux-aarch64@3.11.4', { sys_platform: 'linux', platform_machine: 'aarch64', python_version: '3.11', python_full_version: '3.11.4', implementation_version: '3.11.4' }],
    ['cp312-musllinux_1_2_armv7l', { sys_platform: 'linux', platform_system: 'Linux', platform_machine: 'armv7l' }],
    ['cp311-win_amd64', { sys_platform: 'win32', os_name: 'nt', platform_system: 'Windows', platform_machine: 'AMD64' }],
    ['windows-x86@3.10', { sys_platform: 'win32', platform_machine: 'x86' }],
    ['cp312-win_arm64', { sys_platform: 'win32', platform_machine: 'ARM64' }],
    ['cp39-macosx_11_0_arm64', { sys_platform: 'darwin', os_name: 'posix', platform_system: 'Darwin', platform_machine: 'arm64', python_full_version: '3.9.0' }],
    ['macos-x86_64@3.12', { sys_platform: 'darwin', platform_machine: 'x86_64' }],
    ['pp310-manylinux_2_17_x86_64', { implementation_name: 'pypy', platform_python_implementation: 'PyPy', implementation_version: '', python_version: '3.10', python_full_version: '3.10.0' }],
  ])('%s', (spelling, expected) => {
    const t = parseTarget(spelling);
    expect(t.markers).toMatchObject({ platform_release: '', platform_version: '', ...expected });
    expect(t.unknownMarkers).toEqual(expect.arrayContaining(['platform_release', 'platform_version']));
  });

  it('leaves platform_machine unknown for a fat macOS binary format', () => {
    const t = parseTarget('cp310-macosx_10_9_universal2');
    expect(t.markers.platform_machine).toBe('');
    expect(t.unknownMarkers).toContain('platform_machine');
    expect(t.markers.sys_platform).toBe('darwin');
  });

  it('marks implementation_version unknown except for CPython', () => {
    expect(parseTarget('pp310-win_amd64').unknownMarkers).toContain('implementation_version');
    expect(parseTarget('cp310-win_amd64').unknownMarkers).not.toContain('implementation_version');
  });

  it.skipIf(!hasPython())('match what this machine reports, except what a target cannot know', async () => {
    const host = await detectHostTarget({ env: isolatedPythonEnv() });
    const linuxPlatform = host.platforms.find((p) => p.startsWith('manylinux_') || p.startsWith('linux_'));
    if (host.markers.sys_platform !== 'linux' || !linuxPlatform) return;
    const derived = targetMarkers(host.implementation, host.python, [linuxPlatform]);
    const { platform_release: _r, platform_version: _v, ...rest } = host.markers;
    expect(derived.markers).toMatchObject(rest);
  });
});
