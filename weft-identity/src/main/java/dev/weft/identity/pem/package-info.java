/** PEM and DER encodings of certificates and PKCS#8 private keys. */
package dev.weft.identity.pem;
