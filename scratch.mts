import { parseTarget } from './src/tags/index.ts';
import { markerForTargets, describeTargetMarker } from './src/lockfile/target-marker.ts';
const specs = ['cp311-manylinux_2_17_x86_64','cp312-manylinux_2_17_x86_64','cp312-manylinux_2_17_aarch64','cp312-win_amd64','cp311-win_amd64','cp312-macosx_12_0_arm64','cp313-manylinux_2_28_x86_64','cp312-manylinux_2_28_x86_64'];
const targets = specs.map(s => { const t = parseTarget(s); return { name: t.name, markerEnvironment: t.markers, tags: [], unknownMarkers: [...t.unknownMarkers] }; });
const subsets = [[0],[1,2],[3,4],[5],[0,1,2,6],[6],[0,3],[1,2,5,6,7], [2,5], [0,2,4]];
for (const s of subsets) console.log(s.map(i=>specs[i]).join(','), '=>', JSON.stringify(markerForTargets(targets, s.map(i => targets[i]!.name))));
for (const t of targets) console.log(t.name, describeTargetMarker(targets, t.name));
