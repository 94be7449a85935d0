/** A plugin version a run was assembled with. */
export interface PluginPin {
  id: string;
  version: string;
}

/** What adopting a newer checklist does to a run: reported before and after it is applied. */
export interface ChecklistDiff {
  catalogue: { from: string; to: string };
  plugins: { id: string; from: string | null; to: string | null }[];
  added: { id: string; title: string; addedBy: string }[];
  /** `status` is the progress the step had when it left the run. */
  removed: { id: string; title: string; status: string }[];
  changed: { id: string; title: string; fields: string[] }[];
}
