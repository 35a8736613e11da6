CREATE TABLE `cross_examinations` (
	`id` text PRIMARY KEY NOT NULL,
	`battle_id` text NOT NULL,
	`body` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`battle_id`) REFERENCES `battles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cross_examinations_battle` ON `cross_examinations` (`battle_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `suites` (
	`name` text NOT NULL,
	`version` text NOT NULL,
	`description` text,
	`tasks` integer NOT NULL,
	`body_hash` text NOT NULL,
	`body` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`name`, `version`)
);
--> statement-breakpoint
CREATE INDEX `suites_created` ON `suites` (`name`,`created_at`);--> statement-breakpoint
CREATE TABLE `winner_overrides` (
	`battle_id` text NOT NULL,
	`task_id` text NOT NULL,
	`winner` text,
	`tie` integer NOT NULL,
	`note` text,
	`set_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`battle_id`, `task_id`),
	FOREIGN KEY (`battle_id`) REFERENCES `battles`(`id`) ON UPDATE no action ON DELETE cascade
);
