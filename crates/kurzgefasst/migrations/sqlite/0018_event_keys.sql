-- Story clusters that see one event in other words (issue 23): an article's event keys (the
-- names and numbers of its title and lead, `ingest::cluster::event_keys`), space-separated, in
-- its row beside its title-term hashes; the writer's cluster cache reads them. Articles saved
-- before have none (NULL) and are found as before, by their text and title.
ALTER TABLE articles ADD COLUMN event_key_hashes TEXT;
