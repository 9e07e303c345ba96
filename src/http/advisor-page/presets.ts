// The page's presets are the CLI's example workloads, bundled with the app (no file reads at runtime).
import gpuTraining from '../../../examples/workloads/gpu-training.json' with { type: 'json' };
import shopSmall from '../../../examples/workloads/shop-small.json' with { type: 'json' };
import steadyBusy from '../../../examples/workloads/steady-busy.json' with { type: 'json' };

/** `examples/workloads/<id>.json`, in the order the page lists them. */
export const ADVISOR_PRESETS: { id: string; label: string; workload: unknown }[] = [
  {
    id: 'shop-small',
    label: 'Small shop: spiky API, image and re-optimise jobs, key-value data',
    workload: shopSmall,
  },
  { id: 'steady-busy', label: 'Busy steady API with relational, transactional data', workload: steadyBusy },
  { id: 'gpu-training', label: 'A GPU training job, 4 h, interruptible', workload: gpuTraining },
];
