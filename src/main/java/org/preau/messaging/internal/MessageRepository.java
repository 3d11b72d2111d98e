package org.preau.messaging.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.messaging.internal.Mail.Attachment;
import org.preau.messaging.internal.Mail.Folder;
import org.preau.messaging.internal.Mail.Item;
import org.preau.messaging.internal.Mail.Message;
import org.preau.messaging.internal.Mail.Target;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Messages, their targets and every party's mailbox row, in plain SQL. Every read of a message goes through the
 * reader's mailbox row (the join on {@code account_id}): whatever id is asked for, a person who is not a party to a
 * message reads nothing of it.
 */
@Repository
class MessageRepository {

    /** Which rows of one's mailbox a folder shows. */
    enum Box {
        INBOX("mb.party = 'RECIPIENT' and mb.trashed_at is null and mb.folder_id is null"),
        SENT("mb.party = 'SENDER' and m.sent_at is not null and mb.trashed_at is null and mb.folder_id is null"),
        DRAFTS("mb.party = 'SENDER' and m.sent_at is null and mb.trashed_at is null"),
        TRASH("mb.trashed_at is not null"),
        FOLDER("mb.folder_id = :folder and mb.trashed_at is null"),
        SEARCH("mb.trashed_at is null and m.search @@ to_tsquery('simple', :query)");

        final String where;

        Box(String where) {
            this.where = where;
        }
    }

    private final JdbcClient jdbc;

    MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- reads -------------------------------------------------------------------------------------------------

    private static final String MESSAGE_COLUMNS = """
            m.school_id, m.id, m.thread_id, m.sender_id, m.sender_name, m.subject, m.body_html, m.body_source,
            m.sent_at, m.parent_id, mb.party, mb.read_at, mb.trashed_at, mb.folder_id""";

    /** The message as {@code reader} sees it; empty if they are not a party to it. */
    Optional<Message> find(UUID reader, UUID messageId) {
        return jdbc.sql("select " + MESSAGE_COLUMNS + """
                         from mailbox mb
                        join message m on m.school_id = mb.school_id and m.id = mb.message_id
                        where mb.message_id = :id and mb.account_id = :reader""")
                .param("id", messageId)
                .param("reader", reader)
                .query(this::message)
                .optional()
                .map(this::withDetails);
    }

    /** The sent messages of a thread that {@code reader} is a party to, oldest first. */
    List<Message> thread(UUID reader, UUID threadId) {
        var list = jdbc.sql("select " + MESSAGE_COLUMNS + """
                         from mailbox mb
                        join message m on m.school_id = mb.school_id and m.id = mb.message_id
                        where m.thread_id = :thread and mb.account_id = :reader and m.sent_at is not null
                        order by m.sent_at, m.id""")
                .param("thread", threadId)
                .param("reader", reader)
                .query(this::message)
                .list();
        var ids = list.stream().map(Message::id).toList();
        var targets = targetsOf(ids);
        var attachments = attachmentsOf(ids);
        return list.stream()
                .map(m -> withDetails(
                        m, targets.getOrDefault(m.id(), List.of()), attachments.getOrDefault(m.id(), List.of())))
                .toList();
    }

    /** One page of a folder, newest first, after the key {@code after} ("epochMicros_id" of the last row). */
    List<Item> list(
            UUID reader, Box box, Optional<UUID> folder, Optional<String> query, Optional<Cursor> after, int n) {
        var sql = new StringBuilder("""
                select m.school_id, m.id, m.subject, m.sender_name, mb.listed_at, mb.read_at, mb.party, m.sent_at
                from mailbox mb
                join message m on m.school_id = mb.school_id and m.id = mb.message_id
                where mb.account_id = :reader and\s""");
        sql.append(box.where);
        if (after.isPresent()) {
            sql.append(" and (mb.listed_at, mb.message_id) < (:afterAt, :afterId)");
        }
        sql.append(" order by mb.listed_at desc, mb.message_id desc limit :n");
        var spec = jdbc.sql(sql.toString()).param("reader", reader).param("n", n);
        if (box == Box.FOLDER) {
            spec = spec.param("folder", folder.orElseThrow());
        }
        if (box == Box.SEARCH) {
            spec = spec.param("query", query.orElseThrow());
        }
        if (after.isPresent()) {
            spec = spec.param("afterAt", Timestamp.from(after.get().at()))
                    .param("afterId", after.get().id());
        }
        var rows = spec.query((rs, i) -> new Item(
                        rs.getObject("school_id", UUID.class),
                        rs.getObject("id", UUID.class),
                        rs.getString("subject"),
                        rs.getString("sender_name"),
                        rs.getTimestamp("listed_at").toInstant(),
                        rs.getTimestamp("read_at") != null || !"RECIPIENT".equals(rs.getString("party")),
                        rs.getTimestamp("sent_at") == null,
                        "SENDER".equals(rs.getString("party")),
                        List.of()))
                .list();
        var targets = targetsOf(rows.stream().map(Item::id).toList());
        return rows.stream()
                .map(r -> new Item(
                        r.schoolId(),
                        r.id(),
                        r.subject(),
                        r.senderName(),
                        r.listedAt(),
                        r.read(),
                        r.draft(),
                        r.sentByMe(),
                        targets.getOrDefault(r.id(), List.of())))
                .toList();
    }

    /** The position of a row in a list, for pagination by key. */
    record Cursor(Instant at, UUID id) {

        String text() {
            return at.getEpochSecond() + "." + at.getNano() + "_" + id;
        }

        static Optional<Cursor> parse(String text) {
            try {
                int us = text.indexOf('_');
                int dot = text.indexOf('.');
                return Optional.of(new Cursor(
                        Instant.ofEpochSecond(
                                Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1, us))),
                        UUID.fromString(text.substring(us + 1))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** Unread messages in the inbox and one's folders (not in the trash): a count, so always exact. */
    int unread(UUID reader) {
        return jdbc.sql("""
                        select count(*) from mailbox
                        where account_id = :reader and party = 'RECIPIENT' and read_at is null and trashed_at is null""").param("reader", reader).query(Integer.class).single();
    }

    /** Whether {@code author} has sent {@code reader} a message (then {@code reader} may always answer them). */
    boolean wroteTo(UUID author, UUID reader) {
        return jdbc.sql("""
                        select exists (
                            select 1 from mailbox mb
                            join message m on m.school_id = mb.school_id and m.id = mb.message_id
                            where mb.account_id = :reader and mb.party = 'RECIPIENT' and m.sender_id = :author)""")
                .param("reader", reader)
                .param("author", author)
                .query(Boolean.class)
                .single();
    }

    List<Folder> folders(UUID owner) {
        return jdbc.sql("select school_id, id, name from mail_folder where account_id = ? order by lower(name)")
                .param(owner)
                .query((rs, n) -> new Folder(
                        rs.getObject("school_id", UUID.class), rs.getObject("id", UUID.class), rs.getString("name")))
                .list();
    }

    Optional<Folder> folder(UUID owner, UUID folderId) {
        return folders(owner).stream().filter(f -> f.id().equals(folderId)).findFirst();
    }

    // ---- writes ------------------------------------------------------------------------------------------------

    void insertDraft(
            UUID schoolId,
            UUID id,
            UUID threadId,
            UUID sender,
            String senderName,
            String subject,
            String html,
            String source,
            Optional<UUID> parentId,
            Instant now) {
        jdbc.sql("""
                        insert into message (school_id, id, thread_id, sender_id, sender_name, subject, body_html,
                                             body_source, updated_at, parent_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        schoolId,
                        id,
                        threadId,
                        sender,
                        senderName,
                        subject,
                        html,
                        source,
                        Timestamp.from(now),
                        parentId.orElse(null))
                .update();
        jdbc.sql("""
                        insert into mailbox (school_id, message_id, account_id, party, listed_at)
                        values (?, ?, ?, 'SENDER', ?)""").params(schoolId, id, sender, Timestamp.from(now)).update();
    }

    /** Rewrites a draft; false when it is no longer a draft (sent in between by another tab). */
    boolean updateDraft(UUID schoolId, UUID id, String subject, String html, String source, Instant now) {
        int n = jdbc.sql("""
                        update message set subject = ?, body_html = ?, body_source = ?, updated_at = ?
                        where school_id = ? and id = ? and sent_at is null""")
                .params(subject, html, source, Timestamp.from(now), schoolId, id)
                .update();
        jdbc.sql("update mailbox set listed_at = ? where school_id = ? and message_id = ? and party = 'SENDER'")
                .params(Timestamp.from(now), schoolId, id)
                .update();
        return n == 1;
    }

    /** Marks a draft changed (its files); false when it is no longer a draft. Locks its row until commit. */
    boolean touchDraft(UUID schoolId, UUID id, Instant now) {
        return jdbc.sql("update message set updated_at = ? where school_id = ? and id = ? and sent_at is null")
                        .params(Timestamp.from(now), schoolId, id)
                        .update()
                == 1;
    }

    void replaceTargets(UUID schoolId, UUID messageId, List<Target> targets) {
        jdbc.sql("delete from message_target where school_id = ? and message_id = ?")
                .params(schoolId, messageId)
                .update();
        int position = 0;
        for (Target t : targets) {
            jdbc.sql("""
                            insert into message_target (school_id, message_id, position, kind, ref, name)
                            values (?, ?, ?, ?, ?, ?)""")
                    .params(schoolId, messageId, position++, t.kind(), t.ref(), t.name())
                    .update();
        }
    }

    /**
     * Sends a draft: stamps it, lists it in the sender's sent folder, and gives every recipient one mailbox row in
     * one statement (a 1,000-member group is one insert). False if it was no longer a draft (locked first, so two
     * tabs sending the same draft send it once).
     */
    boolean send(UUID schoolId, UUID id, Collection<UUID> recipients, Instant now) {
        var at = Timestamp.from(now);
        int n = jdbc.sql(
                        "update message set sent_at = ?, updated_at = ? where school_id = ? and id = ? and sent_at is null")
                .params(at, at, schoolId, id)
                .update();
        if (n == 0) {
            return false;
        }
        jdbc.sql("update mailbox set listed_at = ? where school_id = ? and message_id = ? and party = 'SENDER'")
                .params(at, schoolId, id)
                .update();
        jdbc.sql("""
                        insert into mailbox (school_id, message_id, account_id, party, listed_at)
                        select :school, :id, r, 'RECIPIENT', :at from unnest(cast(:recipients as uuid[])) as r
                        on conflict do nothing""")
                .param("school", schoolId)
                .param("id", id)
                .param("at", at)
                .param("recipients", recipients.toArray(UUID[]::new))
                .update();
        return true;
    }

    boolean setRead(UUID reader, UUID messageId, boolean read, Instant now) {
        return jdbc.sql("""
                                update mailbox set read_at = ? where account_id = ? and message_id = ?
                                  and party = 'RECIPIENT'""")
                        .params(read ? Timestamp.from(now) : null, reader, messageId)
                        .update()
                > 0;
    }

    /** Marks read, only if unread (opening a message must not move its read time). */
    void markOpened(UUID reader, UUID messageId, Instant now) {
        jdbc.sql("""
                        update mailbox set read_at = ? where account_id = ? and message_id = ?
                          and party = 'RECIPIENT' and read_at is null""").params(Timestamp.from(now), reader, messageId).update();
    }

    boolean setTrashed(UUID reader, UUID messageId, boolean trashed, Instant now) {
        return jdbc.sql("update mailbox set trashed_at = ? where account_id = ? and message_id = ?")
                        .params(trashed ? Timestamp.from(now) : null, reader, messageId)
                        .update()
                > 0;
    }

    boolean move(UUID reader, UUID messageId, Optional<UUID> folderId) {
        return jdbc.sql("update mailbox set folder_id = ?, trashed_at = null where account_id = ? and message_id = ?")
                        .params(folderId.orElse(null), reader, messageId)
                        .update()
                > 0;
    }

    /** A draft thrown away: it was never sent, so nobody else has it. */
    void deleteDraft(UUID schoolId, UUID id) {
        jdbc.sql("delete from message_target where school_id = ? and message_id = ?")
                .params(schoolId, id)
                .update();
        jdbc.sql("delete from mailbox where school_id = ? and message_id = ?")
                .params(schoolId, id)
                .update();
        jdbc.sql("delete from message where school_id = ? and id = ? and sent_at is null")
                .params(schoolId, id)
                .update();
    }

    void insertFolder(UUID schoolId, UUID id, UUID owner, String name, Instant now) {
        jdbc.sql("insert into mail_folder (school_id, id, account_id, name, created_at) values (?, ?, ?, ?, ?)")
                .params(schoolId, id, owner, name, Timestamp.from(now))
                .update();
    }

    boolean folderNameTaken(UUID owner, String name) {
        return jdbc.sql("select exists (select 1 from mail_folder where account_id = ? and lower(name) = lower(?))")
                .params(owner, name)
                .query(Boolean.class)
                .single();
    }

    // ---- attachments -------------------------------------------------------------------------------------------

    /** An attachment with the storage reference its bytes are under (never shown to anyone). */
    record StoredAttachment(Attachment attachment, String storageKey) {}

    void insertAttachment(UUID schoolId, UUID messageId, Attachment a, String storageKey, Instant now) {
        jdbc.sql("""
                        insert into message_attachment (school_id, message_id, id, filename, content_type, size_bytes,
                                                        storage_key, added_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        schoolId,
                        messageId,
                        a.id(),
                        a.filename(),
                        a.contentType(),
                        a.sizeBytes(),
                        storageKey,
                        Timestamp.from(now))
                .update();
    }

    /** The attachments of one message with their references, oldest first. */
    List<StoredAttachment> storedAttachments(UUID schoolId, UUID messageId) {
        return jdbc.sql("""
                        select id, filename, content_type, size_bytes, storage_key from message_attachment
                        where school_id = ? and message_id = ? order by added_at, id""")
                .params(schoolId, messageId)
                .query((rs, n) -> new StoredAttachment(
                        new Attachment(
                                rs.getObject("id", UUID.class),
                                rs.getString("filename"),
                                rs.getString("content_type"),
                                rs.getLong("size_bytes")),
                        rs.getString("storage_key")))
                .list();
    }

    /** Removes some attachments of a message; returns their references, for the file store to drop. */
    List<String> deleteAttachments(UUID schoolId, UUID messageId, Collection<UUID> ids) {
        return jdbc.sql("""
                        delete from message_attachment where school_id = ? and message_id = ? and id = any(?)
                        returning storage_key""")
                .params(schoolId, messageId, ids.toArray(UUID[]::new))
                .query(String.class)
                .list();
    }

    /** Removes every attachment of a message (a discarded draft); returns their references. */
    List<String> deleteAllAttachments(UUID schoolId, UUID messageId) {
        return jdbc.sql("delete from message_attachment where school_id = ? and message_id = ? returning storage_key")
                .params(schoolId, messageId)
                .query(String.class)
                .list();
    }

    private Map<UUID, List<Attachment>> attachmentsOf(List<UUID> messageIds) {
        var out = new LinkedHashMap<UUID, List<Attachment>>();
        if (messageIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select message_id, id, filename, content_type, size_bytes from message_attachment
                        where message_id = any(cast(:ids as uuid[])) order by message_id, added_at, id""").param("ids", messageIds.toArray(UUID[]::new)).query(rs -> {
            out.computeIfAbsent(rs.getObject("message_id", UUID.class), k -> new ArrayList<>())
                    .add(new Attachment(
                            rs.getObject("id", UUID.class),
                            rs.getString("filename"),
                            rs.getString("content_type"),
                            rs.getLong("size_bytes")));
        });
        return out;
    }

    // ---- mapping -----------------------------------------------------------------------------------------------

    private Message message(ResultSet rs, int n) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new Message(
                rs.getObject("school_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getObject("thread_id", UUID.class),
                rs.getObject("sender_id", UUID.class),
                rs.getString("sender_name"),
                rs.getString("subject"),
                rs.getString("body_html"),
                rs.getString("body_source"),
                Optional.ofNullable(sent).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getObject("parent_id", UUID.class)),
                List.of(),
                rs.getString("party"),
                rs.getTimestamp("read_at") != null || !"RECIPIENT".equals(rs.getString("party")),
                rs.getTimestamp("trashed_at") != null,
                Optional.ofNullable(rs.getObject("folder_id", UUID.class)),
                List.of());
    }

    private Message withDetails(Message m) {
        return withDetails(
                m,
                targetsOf(List.of(m.id())).getOrDefault(m.id(), List.of()),
                attachmentsOf(List.of(m.id())).getOrDefault(m.id(), List.of()));
    }

    private static Message withDetails(Message m, List<Target> targets, List<Attachment> attachments) {
        return new Message(
                m.schoolId(),
                m.id(),
                m.threadId(),
                m.senderId(),
                m.senderName(),
                m.subject(),
                m.bodyHtml(),
                m.bodySource(),
                m.sentAt(),
                m.parentId(),
                targets,
                m.party(),
                m.read(),
                m.trashed(),
                m.folderId(),
                attachments);
    }

    private Map<UUID, List<Target>> targetsOf(List<UUID> messageIds) {
        var out = new LinkedHashMap<UUID, List<Target>>();
        if (messageIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select message_id, kind, ref, name from message_target
                        where message_id = any(cast(:ids as uuid[])) order by message_id, position""").param("ids", messageIds.toArray(UUID[]::new)).query(rs -> {
            out.computeIfAbsent(rs.getObject("message_id", UUID.class), k -> new ArrayList<>())
                    .add(new Target(rs.getString("kind"), rs.getString("ref"), rs.getString("name")));
        });
        return out;
    }
}
