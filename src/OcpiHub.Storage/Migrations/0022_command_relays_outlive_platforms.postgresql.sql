-- A forwarded command's relay outlives the removal of either platform: the eMSP of a CPO removed while its command
-- awaits a result still gets the hub's TIMEOUT, and a result already acknowledged to the CPO still reaches the eMSP.
-- (A relay whose eMSP platform is gone ends as any delivery to a platform that is gone: given up.)
ALTER TABLE command_relays DROP CONSTRAINT IF EXISTS command_relays_emsp_platform_fkey;
ALTER TABLE command_relays DROP CONSTRAINT IF EXISTS command_relays_cpo_platform_fkey;
