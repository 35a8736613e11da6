ALTER TABLE `battles` ADD `owner_token_id` text;--> statement-breakpoint
-- Battles stored before owners existed belong to the active token of the name that created them.
UPDATE `battles` SET `owner_token_id` = (SELECT `id` FROM `tokens` WHERE `tokens`.`name` = `battles`.`created_by` AND `tokens`.`revoked_at` IS NULL);
