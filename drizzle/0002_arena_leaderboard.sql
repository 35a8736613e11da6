CREATE TABLE `arena_pairs` (
	`key` text PRIMARY KEY NOT NULL,
	`battle_id` text NOT NULL,
	`task_id` text NOT NULL,
	`repeat` integer NOT NULL,
	`battle_type` text NOT NULL,
	`category` text NOT NULL,
	`result_lo` text NOT NULL,
	`result_hi` text NOT NULL,
	`contestant_lo` text NOT NULL,
	`contestant_hi` text NOT NULL,
	`key_lo` text NOT NULL,
	`key_hi` text NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`battle_id`) REFERENCES `battles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `arena_pairs_pick` ON `arena_pairs` (`votes`);--> statement-breakpoint
CREATE INDEX `arena_pairs_battle` ON `arena_pairs` (`battle_id`);--> statement-breakpoint
CREATE TABLE `arena_rate_limits` (
	`bucket` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `arena_scans` (
	`battle_id` text PRIMARY KEY NOT NULL,
	`results_at` integer NOT NULL,
	`scanned_at` integer NOT NULL,
	FOREIGN KEY (`battle_id`) REFERENCES `battles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `arena_votes` (
	`id` text PRIMARY KEY NOT NULL,
	`pair_key` text NOT NULL,
	`battle_id` text NOT NULL,
	`task_id` text NOT NULL,
	`repeat` integer NOT NULL,
	`battle_type` text NOT NULL,
	`category` text NOT NULL,
	`result_a` text NOT NULL,
	`result_b` text NOT NULL,
	`contestant_a` text NOT NULL,
	`contestant_b` text NOT NULL,
	`key_a` text NOT NULL,
	`key_b` text NOT NULL,
	`model_a` text NOT NULL,
	`model_b` text NOT NULL,
	`winner` text NOT NULL,
	`dimensions` text NOT NULL,
	`voter_id` text NOT NULL,
	`ip_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`discarded_at` integer,
	FOREIGN KEY (`battle_id`) REFERENCES `battles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `arena_votes_pair_voter` ON `arena_votes` (`pair_key`,`voter_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `arena_votes_pair_ip` ON `arena_votes` (`pair_key`,`ip_hash`);--> statement-breakpoint
CREATE INDEX `arena_votes_voter` ON `arena_votes` (`voter_id`);--> statement-breakpoint
CREATE INDEX `arena_votes_ip` ON `arena_votes` (`ip_hash`);--> statement-breakpoint
CREATE INDEX `arena_votes_created` ON `arena_votes` (`created_at`);--> statement-breakpoint
CREATE INDEX `arena_votes_discarded` ON `arena_votes` (`discarded_at`) WHERE discarded_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `leaderboard_snapshots` (
	`kind` text NOT NULL,
	`scope` text NOT NULL,
	`slice` text NOT NULL,
	`fingerprint` text NOT NULL,
	`computed_at` integer NOT NULL,
	`body` text NOT NULL,
	PRIMARY KEY(`kind`, `scope`, `slice`)
);
