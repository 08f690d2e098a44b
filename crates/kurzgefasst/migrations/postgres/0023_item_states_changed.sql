-- A reader's item states by the time they were written (issue 19, speed): after a change of
-- the reader's state the unread counter reads only the states written since its kept copy
-- (`reading::CHANGED_SQL`) instead of every read article again.
CREATE INDEX item_states_changed ON item_states (user_id, updated_at);
