-- Chinese full-text search without a segmenter: a text becomes the bigrams of each run of Han
-- characters plus the run's last character (so a one-character query matches by prefix), and
-- its lower-cased Latin/digit words. Ledger tables index array_to_tsvector(lizhou_bigrams(…));
-- the query side (src/server/modules/ledger/search.ts) tokenizes the same way.
CREATE OR REPLACE FUNCTION lizhou_bigrams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  out text[] := '{}';
  m text[];
  run text;
  n int;
BEGIN
  FOR m IN SELECT regexp_matches(t, '[一-鿿㐀-䶿]+', 'g') LOOP
    run := m[1];
    n := char_length(run);
    FOR i IN 1 .. n - 1 LOOP
      out := out || substr(run, i, 2);
    END LOOP;
    out := out || substr(run, n, 1);
  END LOOP;
  FOR m IN SELECT regexp_matches(lower(t), '[a-z0-9]+', 'g') LOOP
    out := out || m[1];
  END LOOP;
  RETURN out;
END
$$;
