/* Access lists as ordered entries: rules sorted by sequence number, remarks
 * kept where they were typed. */
#include "config-parser/acl.h"

#include <stdlib.h>
#include <string.h>

struct acl *acl_new(const char *name)
{
	struct acl *acl = calloc(1, sizeof(*acl));
	unsigned long number;

	if (!acl)
		return NULL;
	snprintf(acl->name, sizeof(acl->name), "%s", name);
	acl->numbered = parse_number(name, 100, 199, &number);
	acl->number = acl->numbered ? number : 0;
	TAILQ_INIT(&acl->entries);
	return acl;
}

void acl_free(struct acl *acl)
{
	struct acl_entry *entry;

	if (!acl)
		return;
	while ((entry = TAILQ_FIRST(&acl->entries))) {
		TAILQ_REMOVE(&acl->entries, entry, link);
		free(entry);
	}
	free(acl);
}

static void recompute_last_seq(struct acl *acl)
{
	struct acl_entry *entry;

	acl->last_seq = 0;
	TAILQ_FOREACH(entry, &acl->entries, link)
		if (entry->kind == ACL_ENTRY_RULE && entry->seq > acl->last_seq)
			acl->last_seq = entry->seq;
}

static struct acl_entry *find_rule(const struct acl *acl, const struct acl_entry *rule)
{
	struct acl_entry *entry;

	TAILQ_FOREACH(entry, &acl->entries, link)
		if (acl_rule_equal(entry, rule))
			return entry;
	return NULL;
}

bool acl_add_rule(struct acl *acl, const struct acl_entry *rule, char *err, size_t errlen)
{
	uint64_t seq = rule->seq ? rule->seq : (uint64_t)acl->last_seq + ACL_SEQ_STEP;
	struct acl_entry *entry, *before = NULL;

	if (find_rule(acl, rule))
		return true;
	if (seq > ACL_SEQ_MAX) {
		snprintf(err, errlen, "%% Sequence number out of range");
		return false;
	}
	if (seq > acl->last_seq) {
		before = NULL; /* the common case: append */
	} else {
		TAILQ_FOREACH(entry, &acl->entries, link) {
			if (entry->kind != ACL_ENTRY_RULE)
				continue;
			if (entry->seq == seq) {
				snprintf(err, errlen, "%% Duplicate sequence number");
				return false;
			}
			if (entry->seq > seq) {
				before = entry;
				break;
			}
		}
	}
	struct acl_entry *copy = malloc(sizeof(*copy));
	if (!copy) {
		snprintf(err, errlen, "%% Out of memory");
		return false;
	}
	*copy = *rule;
	copy->kind = ACL_ENTRY_RULE;
	copy->seq = (uint32_t)seq;
	/* Remarks belong to the rule that follows them: insert above them. */
	while (before && TAILQ_PREV(before, acl_entry_list, link) &&
	       TAILQ_PREV(before, acl_entry_list, link)->kind == ACL_ENTRY_REMARK)
		before = TAILQ_PREV(before, acl_entry_list, link);
	if (before)
		TAILQ_INSERT_BEFORE(before, copy, link);
	else
		TAILQ_INSERT_TAIL(&acl->entries, copy, link);
	if (copy->seq > acl->last_seq)
		acl->last_seq = copy->seq;
	acl->rule_count++;
	return true;
}

bool acl_add_remark(struct acl *acl, const char *text, char *err, size_t errlen)
{
	if (strlen(text) > ACL_REMARK_MAX) {
		snprintf(err, errlen, "%% Remark longer than %d characters", ACL_REMARK_MAX);
		return false;
	}
	struct acl_entry *entry = calloc(1, sizeof(*entry));
	if (!entry) {
		snprintf(err, errlen, "%% Out of memory");
		return false;
	}
	entry->kind = ACL_ENTRY_REMARK;
	snprintf(entry->remark, sizeof(entry->remark), "%s", text);
	TAILQ_INSERT_TAIL(&acl->entries, entry, link);
	return true;
}

static void remove_entry(struct acl *acl, struct acl_entry *entry)
{
	TAILQ_REMOVE(&acl->entries, entry, link);
	if (entry->kind == ACL_ENTRY_RULE) {
		acl->rule_count--;
		if (entry->seq == acl->last_seq) {
			free(entry);
			recompute_last_seq(acl);
			return;
		}
	}
	free(entry);
}

bool acl_delete_seq(struct acl *acl, uint32_t seq)
{
	struct acl_entry *entry;

	TAILQ_FOREACH(entry, &acl->entries, link) {
		if (entry->kind == ACL_ENTRY_RULE && entry->seq == seq) {
			remove_entry(acl, entry);
			return true;
		}
	}
	return false;
}

bool acl_delete_rule(struct acl *acl, const struct acl_entry *rule)
{
	struct acl_entry *entry = find_rule(acl, rule);

	if (!entry)
		return false;
	remove_entry(acl, entry);
	return true;
}

bool acl_delete_remark(struct acl *acl, const char *text)
{
	struct acl_entry *entry;

	TAILQ_FOREACH(entry, &acl->entries, link) {
		if (entry->kind == ACL_ENTRY_REMARK && strcmp(entry->remark, text) == 0) {
			remove_entry(acl, entry);
			return true;
		}
	}
	return false;
}

struct acl *acl_find(const struct acl_list *list, const char *name)
{
	struct acl *acl;

	TAILQ_FOREACH(acl, list, link)
		if (strcmp(acl->name, name) == 0)
			return acl;
	return NULL;
}
