package dev.switchboard.directory;

import java.util.Optional;

/**
 * What the routing makes of a team member, asked by the directory's pages without depending on routing (implemented by
 * the routing module, as {@link MemberReferences} is).
 */
public interface MemberRouting {

    /**
     * For a member just added: when calls to the business number will not ring them as things stand (a routing rule
     * ahead of them takes every call and rings others; calls no rule takes go to voicemail), that in a sentence, with what
     * to do about it; empty when those calls do reach them (the whole team is rung). A member no phone of theirs rings
     * ({@link TeamMember#noPhoneNote}) is told that first.
     */
    Optional<String> newMemberNote(TeamMember member);
}
