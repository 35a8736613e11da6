CREATE TABLE `battles` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`origin` text NOT NULL,
	`title` text NOT NULL,
	`state` text NOT NULL,
	`suite_name` text,
	`suite_version` text,
	`ci_commit` text,
	`ci_branch` text,
	`ci_url` text,
	`ci_job` text,
	`tasks` text NOT NULL,
	`identity_hash` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer
);
--> statement-breakpoint
CREATE INDEX `battles_created` ON `battles` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `battles_origin_suite` ON `battles` (`origin`,`suite_name`,`created_at`);--> statement-breakpoint
CREATE INDEX `battles_state` ON `battles` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `battles_type` ON `battles` (`type`,`created_at`);--> statement-breakpoint
CREATE TABLE `contestants` (
	`battle_id` text NOT NULL,
	`id` text NOT NULL,
	`position` integer NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`label` text,
	`lane` text NOT NULL,
	`key` text NOT NULL,
	`persona` text,
	`sampling` text NOT NULL,
	PRIMARY KEY(`battle_id`, `id`),
	FOREIGN KEY (`battle_id`) REFERENCES `battles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contestants_model` ON `contestants` (`model`,`battle_id`);--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`result_id` text NOT NULL,
	`source` text NOT NULL,
	`evaluator` text NOT NULL,
	`score` real,
	`raw` real,
	`max_score` real,
	`passed` integer,
	`details` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`result_id`) REFERENCES `results`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evaluations_result` ON `evaluations` (`result_id`);--> statement-breakpoint
CREATE INDEX `evaluations_evaluator` ON `evaluations` (`evaluator`);--> statement-breakpoint
CREATE TABLE `results` (
	`id` text PRIMARY KEY NOT NULL,
	`battle_id` text NOT NULL,
	`contestant_id` text NOT NULL,
	`task_id` text NOT NULL,
	`repeat` integer NOT NULL,
	`status` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`category` text NOT NULL,
	`ttft_ms` real,
	`e2e_ms` real,
	`decode_tps` real,
	`score` real,
	`passed` integer,
	`created_at` integer NOT NULL,
	`body_hash` text NOT NULL,
	`data` text NOT NULL,
	FOREIGN KEY (`battle_id`) REFERENCES `battles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `results_battle` ON `results` (`battle_id`,`contestant_id`,`task_id`);--> statement-breakpoint
CREATE INDEX `results_created` ON `results` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `results_model` ON `results` (`model`,`created_at`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_active_name` ON `tokens` (`name`) WHERE revoked_at IS NULL;