// A plugin entry is its definition: the test host calls register(api) itself with its own api object.
export function definePluginEntry(entry) {
  return entry;
}
