/**
 * `wheelhouse build`: the plan (a wheelhouse.yaml with flags over it) and the pipeline
 * lock → download → verify.
 */
export { planBuild, targetFromFlag, type BuildFlagValues, type BuildPlan, type PlanBuildOptions } from './plan.js';
export { buildWheelhouse, resolveBuildTargets, type BuildEvents, type BuildResult, type BuildStage, type BuildStages } from './build-wheelhouse.js';
