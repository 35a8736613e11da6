ALTER TABLE `battles` ADD `revealed_at` integer;--> statement-breakpoint
CREATE INDEX `battles_revealed` ON `battles` (`revealed_at`);--> statement-breakpoint
-- Battles that cannot be voted on blind (CI batches, fewer than two contestant keys) were never sealed.
UPDATE `battles` SET `revealed_at` = `created_at` WHERE `origin` <> 'runner' OR (SELECT COUNT(DISTINCT `key`) FROM `contestants` WHERE `contestants`.`battle_id` = `battles`.`id`) < 2;--> statement-breakpoint
-- Battles already in the voting pool stay blind for the default window (72 h) from when they entered it.
UPDATE `battles` SET `revealed_at` = (SELECT MIN(`created_at`) FROM `arena_pairs` WHERE `arena_pairs`.`battle_id` = `battles`.`id`) + 259200000 WHERE `revealed_at` IS NULL AND EXISTS (SELECT 1 FROM `arena_pairs` WHERE `arena_pairs`.`battle_id` = `battles`.`id`);--> statement-breakpoint
-- Battles the pool job read and found nothing to vote on are public from then.
UPDATE `battles` SET `revealed_at` = (SELECT `scanned_at` FROM `arena_scans` WHERE `arena_scans`.`battle_id` = `battles`.`id`) WHERE `revealed_at` IS NULL AND EXISTS (SELECT 1 FROM `arena_scans` WHERE `arena_scans`.`battle_id` = `battles`.`id`);
