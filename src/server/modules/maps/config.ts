/**
 * A tile server for online deployments (e.g. 天地图, the national standard service): set
 * LIZHOU_MAP_TILES_URL to its XYZ template ({z}/{x}/{y}, and {key} for LIZHOU_MAP_TILES_KEY).
 * Without it maps draw the uploaded boundaries only, offline.
 */
export function mapConfig(env: NodeJS.ProcessEnv = process.env) {
  const url = env.LIZHOU_MAP_TILES_URL?.trim();
  if (!url) return { tiles: null };
  return { tiles: { url: url.replaceAll('{key}', encodeURIComponent(env.LIZHOU_MAP_TILES_KEY ?? '')), attribution: env.LIZHOU_MAP_TILES_ATTRIBUTION ?? '底图：天地图' } };
}
