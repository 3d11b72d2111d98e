package org.preau.identity;

/**
 * What a log-in request proved before it reached identity. The surge module checks proof-of-work in its filter and
 * sets {@link #PROOF_OF_WORK_ATTRIBUTE} on the request when the solution was valid; identity lets such an attempt
 * past the per-login and per-address throttles that other people's failures can raise (docs/adr/0022).
 */
public final class LoginProof {

    /** Request attribute, {@code Boolean.TRUE} when the request carried a valid, unused proof-of-work solution. */
    public static final String PROOF_OF_WORK_ATTRIBUTE = "org.preau.identity.LoginProof.proofOfWork";

    private LoginProof() {}
}
